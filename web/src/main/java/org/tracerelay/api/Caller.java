package org.tracerelay.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.tracerelay.intake.Producer;

/**
 * The authenticated caller: a tenant (the token's claim named by {@code trace.auth.tenant-claim},
 * {@code tenant_id} unless an identity provider names it otherwise), or a deployment
 * ({@link Producer#DEPLOYMENT_GROUP}) that {@link AccessControl} let act for one of its tenants on
 * this request, or send tasks that each name their tenant. The groups claim is SmallRye JWT's
 * {@code smallrye.jwt.path.groups}, set from {@code trace.auth.groups-claim} (microprofile-config.properties).
 */
@RequestScoped
public class Caller {

    /** The relay's operators: they see the relay's own state across tenants, and no tenant's apps. */
    public static final String OPERATOR = "operator";

    @Inject
    JsonWebToken jwt;

    /** Injected in the container; the default stands outside one (unit tests). */
    @Inject
    @ConfigProperty(name = "trace.auth.tenant-claim", defaultValue = "tenant_id")
    String tenantClaim = "tenant_id";

    private Producer deployment;
    private String deploymentTenant;

    /** The tenant this request acts for; null when the token carries no usable tenant claim (or a deployment names none). */
    public String tenantId() {
        if (isDeployment()) {
            return deploymentTenant;
        }
        String tenant = text(claim(tenantClaim));
        return tenant == null || tenant.isBlank() ? null : tenant;
    }

    /** Who sends trace tasks with this token. */
    public Producer producer() {
        return deployment != null ? deployment : Producer.tenant(tenantId());
    }

    /** Whether the token names the deployment group: it is a deployment's, or refused. */
    boolean isDeployment() {
        return jwt != null && jwt.getGroups() != null && jwt.getGroups().contains(Producer.DEPLOYMENT_GROUP);
    }

    /** The deployment the token names ({@link Producer#of}: the relay's one reading of the claims), or why not. */
    Producer deployment() throws Producer.Refused {
        return Producer.of(new Producer.Claims(Set.copyOf(jwt.getGroups()), text(claim("tenant_id")), text(claim("deployment_id")),
                texts(claim("tenant_ids"))));
    }

    /** Set by {@link AccessControl} once it has checked the deployment may act here ({@code tenant}: null on intake). */
    void actAs(Producer deployment, String tenant) {
        this.deployment = deployment;
        this.deploymentTenant = tenant;
    }

    /** A deployment acting for one of its tenants on an admin route: it gets no config back. */
    boolean isDeploymentActingForTenant() {
        return deployment != null && deploymentTenant != null;
    }

    private Object claim(String name) {
        return jwt == null ? null : jwt.getClaim(name);
    }

    private static String text(Object claim) {
        return claim instanceof JsonString s ? s.getString() : claim == null || claim == JsonValue.NULL ? null : claim.toString();
    }

    private static List<String> texts(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> out.add(text(v)));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> out.add(text(v)));
        }
        return out;
    }
}
