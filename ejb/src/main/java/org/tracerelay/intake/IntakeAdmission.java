package org.tracerelay.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.admin.AdminProblem;
import org.tracerelay.delivery.DeliveryLedger;

/**
 * Says no before the relay grows without limit: when the durable backlog (unfinished deliveries)
 * passes {@code trace.intake.max-backlog}, or a tenant sends faster than
 * {@code trace.intake.tenant-rate} tasks/s on this node, intake answers 429 with Retry-After.
 */
@ApplicationScoped
public class IntakeAdmission {

    private static final long BACKLOG_RECHECK_NANOS = Duration.ofSeconds(2).toNanos();

    @Inject
    DeliveryLedger ledger;

    @Inject
    @ConfigProperty(name = "trace.intake.max-backlog", defaultValue = "1000000")
    long maxBacklog;

    /** Tasks per second per tenant and node; 0 turns the limit off. */
    @Inject
    @ConfigProperty(name = "trace.intake.tenant-rate", defaultValue = "0")
    double tenantRate;

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong backlog = new AtomicLong();
    private volatile long backlogCheckedAt = System.nanoTime() - BACKLOG_RECHECK_NANOS;

    public void admit(String tenant, int tasks) {
        if (currentBacklog() >= maxBacklog) {
            throw AdminProblem.rateLimited("The relay's backlog is full; retry later.", 30);
        }
        if (tenantRate > 0) {
            // A burst of one full request (1000 tasks) is always allowed.
            TokenBucket bucket = buckets.computeIfAbsent(tenant, t -> new TokenBucket(tenantRate, Math.max(tenantRate, 1000)));
            long waitMillis = bucket.take(tasks, System.nanoTime());
            if (waitMillis > 0) {
                throw AdminProblem.rateLimited("This tenant sends faster than its rate limit.", Math.max(1, (waitMillis + 999) / 1000));
            }
        }
    }

    /** Counted at most every 2 s: one COUNT query, not one per request. */
    private long currentBacklog() {
        long now = System.nanoTime();
        if (now - backlogCheckedAt >= BACKLOG_RECHECK_NANOS) {
            backlogCheckedAt = now;
            backlog.set(ledger.backlog());
        }
        return backlog.get();
    }
}
