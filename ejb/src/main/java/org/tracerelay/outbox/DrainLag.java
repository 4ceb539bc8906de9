package org.tracerelay.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.tracerelay.support.LruMaps;

/**
 * How far behind intake this node's drain is, per app destination: a full claim (a queue stands
 * behind it) reads the age of the oldest task it took for the first time; a claim that found less
 * than a batch says the destination caught up. Intake's admission slows its answers by it. Keyed by
 * tenant and app, so one app's lag is never another's. A soft, node-local reading of the shared
 * rows (a node starts with none); a reading older than {@link #FRESH} counts as none, so a
 * destination its breaker holds (it claims nothing) stops counting within seconds, and
 * deployment-wide destinations (the operator's enterprise collector) are not read at all: their
 * lag is not any one tenant's doing. Pure, thread-safe, testable without a container.
 */
@ApplicationScoped
public class DrainLag {

    static final Duration FRESH = Duration.ofSeconds(10);

    private record Reading(long lagMillis, long atNanos) {
    }

    // Bounded like every cache here; an evicted app only loses its reading.
    private final Map<String, Map<String, Reading>> byApp = LruMaps.synchronizedLru(10_000);

    /**
     * After a claim of {@code destination}: {@code full} when it took as many tasks as it might,
     * {@code firstClaims} those of {@code claimed} no drain took before (retries are not intake's lag).
     */
    void claimed(String destination, boolean full, List<ClaimedDelivery> claimed, List<ClaimedDelivery> firstClaims,
                 Instant now, long nowNanos) {
        RouteKey key = RouteKey.parse(destination);
        // An app destination's rows are its tenant's; a row whose task row is missing names none.
        String tenant = claimed.stream().map(ClaimedDelivery::tenantId).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        if (!key.ofApp() || tenant == null) {
            return;
        }
        Instant oldestFirst = null;
        if (full) {
            for (ClaimedDelivery c : firstClaims) {
                if (c.receivedAt() != null && (oldestFirst == null || c.receivedAt().isBefore(oldestFirst))) {
                    oldestFirst = c.receivedAt();
                }
            }
        }
        long lag = oldestFirst == null ? 0 : Math.max(0, Duration.between(oldestFirst, now).toMillis());
        byApp.computeIfAbsent(appKey(tenant, key.appId()), k -> new ConcurrentHashMap<>())
                .put(destination, new Reading(lag, nowNanos));
    }

    /** The largest fresh lag of the tenant's {@code appIds} destinations; zero when none is known. */
    public Duration of(String tenant, Collection<String> appIds, long nowNanos) {
        long most = 0;
        for (String app : appIds) {
            Map<String, Reading> readings = byApp.get(appKey(tenant, app));
            if (readings == null) {
                continue;
            }
            for (Reading r : readings.values()) {
                if (nowNanos - r.atNanos() <= FRESH.toNanos()) {
                    most = Math.max(most, r.lagMillis());
                }
            }
        }
        return Duration.ofMillis(most);
    }

    private static String appKey(String tenant, String appId) {
        return tenant + '\u0000' + appId;
    }
}
