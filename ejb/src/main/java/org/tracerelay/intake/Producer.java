package org.tracerelay.intake;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who sends trace tasks: a tenant (its token's {@code tenant_id}), or a deployment that serves
 * several tenants (a Dify installation) and may write for the tenants its token lists, each task
 * naming its own. Neither may read anything.
 *
 * @param tenant       the tenant of a tenant's token; null for a deployment
 * @param deploymentId the deployment's id; null for a tenant
 * @param tenants      the tenants a deployment may write for (a tenant's: itself)
 */
public record Producer(String tenant, String deploymentId, Set<String> tenants) {

    /** The group of a deployment's token. */
    public static final String DEPLOYMENT_GROUP = "deployment";

    public Producer {
        tenants = Set.copyOf(tenants);
    }

    public static Producer tenant(String tenant) {
        return new Producer(tenant, null, Set.of(tenant));
    }

    public static Producer deployment(String deploymentId, Collection<String> tenants) {
        return new Producer(null, deploymentId, new LinkedHashSet<>(tenants));
    }

    public boolean isDeployment() {
        return deploymentId != null;
    }

    public boolean mayWriteFor(String tenantId) {
        return tenantId != null && tenants.contains(tenantId);
    }

    /** What a verified token says of its holder, read the same way from REST's and JMS's tokens. */
    public record Claims(Set<String> groups, String tenantId, String deploymentId, Collection<String> tenantIds) {
    }

    /** Why a token names no producer. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The producer a verified token names. A deployment's token lists its tenants and names none of
     * its own: a token with a {@code tenant_id} is a tenant's, and never acts as a deployment, so a
     * tenant cannot widen its reach by adding the group to its token.
     */
    public static Producer of(Claims claims) throws Refused {
        boolean tenantClaim = claims.tenantId() != null && !claims.tenantId().isBlank();
        if (claims.groups().contains(DEPLOYMENT_GROUP)) {
            if (tenantClaim) {
                throw new Refused("a tenant's token (it has a tenant_id) cannot act as a deployment");
            }
            if (claims.deploymentId() == null || claims.deploymentId().isBlank()) {
                throw new Refused("deployment token has no deployment_id");
            }
            Set<String> tenants = new LinkedHashSet<>();
            for (String t : claims.tenantIds() == null ? Set.<String>of() : claims.tenantIds()) {
                if (t != null && !t.isBlank()) {
                    tenants.add(t);
                }
            }
            if (tenants.isEmpty()) {
                throw new Refused("deployment token lists no tenant_ids");
            }
            return deployment(claims.deploymentId(), tenants);
        }
        if (!tenantClaim) {
            throw new Refused("producer token has no tenant_id");
        }
        return tenant(claims.tenantId());
    }
}
