package org.tracerelay.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** REST base {@code /api/v1}; callers authenticate with MicroProfile JWT bearer tokens. */
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "trace-relay")
@OpenAPIDefinition(info = @Info(title = "Trace Relay", version = "1",
        description = "Trace task intake and per-app provider configuration."))
public class TraceRelayApi extends Application {
}
