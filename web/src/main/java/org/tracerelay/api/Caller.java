package org.tracerelay.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.tracerelay.intake.Producer;

/** The authenticated caller's tenant, from the token's {@code tenant_id} claim. */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    /** Null when the token carries no usable tenant_id. */
    public String tenantId() {
        Object claim = jwt == null ? null : jwt.getClaim("tenant_id");
        String tenant = claim instanceof JsonString s ? s.getString() : claim == null ? null : claim.toString();
        return tenant == null || tenant.isBlank() ? null : tenant;
    }

    /** Who sends trace tasks with this token. */
    public Producer producer() {
        return Producer.tenant(tenantId());
    }
}
