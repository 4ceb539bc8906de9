package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.tracerelay.admin.RedactionSettings;

/**
 * The caller's tenant's redaction rules. {@code destination}: {@code provider/app_id} (an app's
 * provider), {@code enterprise} (the collector), or {@code default} (every destination without its own).
 */
@Path("redaction")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RedactionResource {

    @Inject
    Caller caller;

    @Inject
    RedactionSettings settings;

    @GET
    @Path("rules")
    @RolesAllowed({"viewer", "editor"})
    public String read(@QueryParam("destination") String destination) {
        return settings.read(caller.tenantId(), destination).toString();
    }

    @PUT
    @Path("rules")
    @RolesAllowed("editor")
    public String write(@QueryParam("destination") String destination, JsonObject rules) {
        return settings.write(caller.tenantId(), destination, rules).toString();
    }

    @DELETE
    @Path("rules")
    @RolesAllowed("editor")
    public Response delete(@QueryParam("destination") String destination) {
        settings.delete(caller.tenantId(), destination);
        return Response.noContent().build();
    }

    /** What the destination would receive for a pasted or stored task; nothing is exported. */
    @POST
    @Path("preview")
    @RolesAllowed("editor")
    public String preview(@QueryParam("destination") String destination, JsonObject body) {
        return settings.preview(caller.tenantId(), destination, body).toString();
    }
}
