package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.tracerelay.admin.Apps;
import org.tracerelay.admin.TraceConfigs;
import org.tracerelay.domain.app.App;
import org.tracerelay.json.Jsonp;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/** Apps of the caller's tenant and their tracing switch. */
@Path("apps/{app_id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AppResource {

    @Inject
    Caller caller;

    @Inject
    Apps apps;

    @Inject
    TraceConfigs configs;

    @PathParam("app_id")
    String appId;

    @PUT
    @RolesAllowed({"editor", "deployment"})
    public Response register(JsonObject body) {
        String name = Bodies.text(body, "name");
        if (name == null || name.isBlank()) {
            throw new Refusal(400, "invalid_request", "name is required.", List.of(new Violation("name", "is required")));
        }
        Apps.Registration r = apps.register(caller.tenantId(), Bodies.appId(appId), name, Bodies.text(body, "mode"));
        return Response.status(r.created() ? 201 : 200).entity(view(r.app()).toString()).build();
    }

    @GET
    @RolesAllowed({"viewer", "editor"})
    public String read() {
        return view(apps.find(caller.tenantId(), appId)).toString();
    }

    @DELETE
    @RolesAllowed("editor")
    public Response delete() {
        apps.delete(caller.tenantId(), appId);
        return Response.noContent().build();
    }

    @GET
    @Path("trace")
    @RolesAllowed({"viewer", "editor"})
    public String tracing() {
        return tracingView(apps.find(caller.tenantId(), appId)).toString();
    }

    @POST
    @Path("trace")
    @RolesAllowed({"editor", "deployment"})
    public String switchTracing(JsonObject body) {
        JsonValue enabled = body.get("enabled");
        if (enabled != JsonValue.TRUE && enabled != JsonValue.FALSE) {
            throw new Refusal(400, "invalid_request", "enabled must be a boolean.",
                    List.of(new Violation("enabled", "must be a boolean")));
        }
        App app = apps.switchTracing(caller.tenantId(), appId, enabled == JsonValue.TRUE, Bodies.text(body, "tracing_provider"));
        return Jsonp.createObjectBuilder(tracingView(app)).add("result", "success").build().toString();
    }

    private JsonObject tracingView(App app) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("enabled", app.isTracingEnabled());
        if (app.getTracingProvider() == null) {
            b.addNull("tracing_provider");
        } else {
            b.add("tracing_provider", app.getTracingProvider());
        }
        return b.add("configured", configs.isConfigured(app.getAppId(), app.getTracingProvider())).build();
    }

    static JsonObject view(App app) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder()
                .add("app_id", app.getAppId())
                .add("tenant_id", app.getTenantId())
                .add("name", app.getName());
        if (app.getMode() == null) {
            b.addNull("mode");
        } else {
            b.add("mode", app.getMode());
        }
        return b.add("created_at", app.getCreatedAt().toString()).add("updated_at", app.getUpdatedAt().toString()).build();
    }
}
