package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.tracerelay.config.TenantKeyRotation;
import org.tracerelay.json.Jsonp;

/** {@code POST /api/v1/tenant-key/rotate}: a new data key for the caller's tenant. */
@Path("tenant-key/rotate")
public class TenantKeyResource {

    @Inject
    Caller caller;

    @Inject
    TenantKeyRotation rotation;

    @POST
    @RolesAllowed("editor")
    @Produces(MediaType.APPLICATION_JSON)
    public String rotate() {
        TenantKeyRotation.Rotated r = rotation.rotate(caller.tenantId());
        return Jsonp.createObjectBuilder().add("tenant_id", caller.tenantId()).add("key_version", r.version())
                .add("resealed_configs", r.resealedConfigs()).build().toString();
    }
}
