package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.tracerelay.admin.Apps;
import org.tracerelay.domain.app.App;
import org.tracerelay.json.Jsonp;

/** {@code GET /api/v1/apps}: the caller's tenant's apps with their tracing switch. */
@Path("apps")
@Produces(MediaType.APPLICATION_JSON)
public class AppListResource {

    @Inject
    Caller caller;

    @Inject
    Apps apps;

    @GET
    @RolesAllowed({"viewer", "editor"})
    public String list() {
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        for (App app : apps.list(caller.tenantId())) {
            JsonObjectBuilder b = Jsonp.createObjectBuilder(AppResource.view(app)).add("tracing_enabled", app.isTracingEnabled());
            if (app.getTracingProvider() == null) {
                b.addNull("tracing_provider");
            } else {
                b.add("tracing_provider", app.getTracingProvider());
            }
            out.add(b);
        }
        return Jsonp.createObjectBuilder().add("apps", out).build().toString();
    }
}
