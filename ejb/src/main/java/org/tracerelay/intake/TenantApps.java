package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Which apps a tenant owns, for refusing tasks that name anyone else's: REST's and JMS producers' alike. */
@Stateless
public class TenantApps {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** Those of {@code appIds} that exist and are the tenant's, in one query (not a lookup per app). */
    public Set<String> owned(String tenant, Collection<String> appIds) {
        if (appIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("select a.appId from App a where a.tenantId = :tenant and a.appId in :ids", String.class)
                .setParameter("tenant", tenant).setParameter("ids", appIds).getResultList());
    }
}
