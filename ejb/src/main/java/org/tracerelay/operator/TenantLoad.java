package org.tracerelay.operator;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tracerelay.outbox.BacklogFigures.TenantBacklog;

/** One tenant's waiting deliveries against its backlog quota; at or past it, intake refuses the tenant. */
public record TenantLoad(String tenant, long waiting, long quota) {

    public boolean atQuota() {
        return waiting >= quota;
    }

    /** Per tenant, fullest first; deliveries of no tenant (the enterprise collector's) count as "-". */
    public static List<TenantLoad> of(Collection<TenantBacklog> groups, long perTenantQuota) {
        Map<String, Long> byTenant = new TreeMap<>();
        for (TenantBacklog g : groups) {
            byTenant.merge(g.tenant() == null ? "-" : g.tenant(), g.waiting(), Long::sum);
        }
        return byTenant.entrySet().stream().map(e -> new TenantLoad(e.getKey(), e.getValue(), perTenantQuota))
                .sorted(Comparator.comparingLong(TenantLoad::waiting).reversed().thenComparing(TenantLoad::tenant))
                .toList();
    }
}
