package org.tracerelay.api;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.json.Jsonp;

/**
 * {@code GET /api/v1/console/sign-in}: the OpenID Connect provider the console signs in with
 * (authorization code with PKCE, a public client), absent when none is configured and the console
 * offers the pasted token alone, and the names of the tenant and groups claims. Public: the page asks before anyone is signed in.
 */
@Path("console/sign-in")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleSignInResource {

    @Inject
    @ConfigProperty(name = "trace.console.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "trace.console.oidc.client-id", defaultValue = "trace-relay-console")
    String clientId;

    @Inject
    @ConfigProperty(name = "trace.console.oidc.scope", defaultValue = "openid")
    String scope;

    @Inject
    @ConfigProperty(name = "trace.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    @Inject
    @ConfigProperty(name = "trace.auth.groups-claim", defaultValue = "groups")
    String groupsClaim;

    @GET
    @PermitAll
    public String provider() {
        // The claim names let the page show whose token it holds; the API decides what it may do.
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("tenant_claim", tenantClaim).add("groups_claim", groupsClaim);
        issuer.filter(i -> !i.isBlank()).ifPresent(i -> b.add("issuer", i.replaceAll("/+$", ""))
                .add("client_id", clientId).add("scope", scope));
        return b.build().toString();
    }
}
