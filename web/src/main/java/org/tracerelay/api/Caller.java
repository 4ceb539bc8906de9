package org.tracerelay.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller's tenant, from the token's claim named by {@code trace.auth.tenant-claim}
 * ({@code tenant_id}; an identity provider may name it otherwise). The groups claim is SmallRye JWT's
 * {@code smallrye.jwt.path.groups}, set from {@code trace.auth.groups-claim} (microprofile-config.properties).
 */
@RequestScoped
public class Caller {

    /** The relay's operators: they see the relay's own state across tenants, and no tenant's apps. */
    public static final String OPERATOR = "operator";

    @Inject
    JsonWebToken jwt;

    @Inject
    @ConfigProperty(name = "trace.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim;

    /** Null when the token carries no usable tenant claim. */
    public String tenantId() {
        Object claim = jwt == null ? null : jwt.getClaim(tenantClaim);
        String tenant = claim instanceof JsonString s ? s.getString() : claim == null ? null : claim.toString();
        return tenant == null || tenant.isBlank() ? null : tenant;
    }
}
