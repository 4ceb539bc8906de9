package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.tracerelay.admin.TraceConfigs;
import org.tracerelay.json.Jsonp;

/** An app's provider configs: Dify console semantics with the contract's status codes. */
@Path("apps/{app_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TraceConfigResource {

    @Inject
    Caller caller;

    @Inject
    TraceConfigs configs;

    @PathParam("app_id")
    String appId;

    @GET
    @Path("trace-config")
    @RolesAllowed({"viewer", "editor"})
    public String read(@QueryParam("tracing_provider") String provider) {
        return configs.read(caller.tenantId(), appId, Bodies.provider(provider))
                .orElseGet(() -> Jsonp.createObjectBuilder().add("has_not_configured", true).build()).toString();
    }

    @POST
    @Path("trace-config")
    @RolesAllowed({"editor", "deployment"})
    public Response create(JsonObject body) {
        JsonObject created = configs.create(caller.tenantId(), appId, Bodies.provider(Bodies.text(body, "tracing_provider")),
                Bodies.settings(body));
        return Response.status(201).entity(created.toString()).build();
    }

    @PATCH
    @Path("trace-config")
    @RolesAllowed({"editor", "deployment"})
    public String update(JsonObject body) {
        return configs.update(caller.tenantId(), appId, Bodies.provider(Bodies.text(body, "tracing_provider")),
                Bodies.settings(body)).toString();
    }

    @DELETE
    @Path("trace-config")
    @RolesAllowed("editor")
    public Response delete(@QueryParam("tracing_provider") String provider) {
        configs.delete(caller.tenantId(), appId, Bodies.provider(provider));
        return Response.noContent().build();
    }

    @GET
    @Path("trace-configs")
    @RolesAllowed({"viewer", "editor"})
    public String list(@QueryParam("include_config") boolean includeConfig) {
        return configs.list(caller.tenantId(), appId, includeConfig).toString();
    }
}
