package org.tracerelay.intake;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.tracerelay.outbox.BacklogFigures.TenantBacklog;

/**
 * One count of the waiting deliveries, as intake's quotas read it: in all, per tenant (every
 * destination of its tasks), and per app for its own destination (an app has one active provider;
 * rows still waiting for one it switched from add up with it). The deployment-wide enterprise
 * collector is nobody's own destination, so it counts towards its tenants and the total but never
 * refuses an app by itself.
 */
record BacklogCounts(long total, Map<String, Long> byTenant, Map<String, Long> byApp) {

    static final BacklogCounts NONE = new BacklogCounts(0, Map.of(), Map.of());

    static BacklogCounts of(Collection<TenantBacklog> groups) {
        long total = 0;
        Map<String, Long> byTenant = new HashMap<>();
        Map<String, Long> byApp = new HashMap<>();
        for (TenantBacklog g : groups) {
            total += g.waiting();
            if (g.tenant() == null) {
                continue;
            }
            byTenant.merge(g.tenant(), g.waiting(), Long::sum);
            if (g.appId() != null && g.waitingForOwn() > 0) {
                byApp.merge(appKey(g.tenant(), g.appId()), g.waitingForOwn(), Long::sum);
            }
        }
        return new BacklogCounts(total, Map.copyOf(byTenant), Map.copyOf(byApp));
    }

    long ofTenant(String tenant) {
        return byTenant.getOrDefault(tenant, 0L);
    }

    long ofApp(String tenant, String appId) {
        return byApp.getOrDefault(appKey(tenant, appId), 0L);
    }

    static String appKey(String tenant, String appId) {
        return tenant + "|" + appId;
    }
}
