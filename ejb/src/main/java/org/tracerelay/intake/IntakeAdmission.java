package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.outbox.BacklogFigures;
import org.tracerelay.outbox.DrainLag;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.support.LruMaps;

/**
 * Says no before the relay grows without limit: when the durable backlog (unfinished deliveries)
 * passes {@code trace.intake.max-backlog}, or a tenant sends faster than
 * {@code trace.intake.tenant-rate} tasks/s on this node, intake answers 429 with Retry-After.
 * Before that, it answers more slowly for an app whose deliveries fall behind ({@link DrainLag}):
 * a client that waits for its answers then settles at the rate its tasks are delivered, instead of
 * taking the CPU the drain needs.
 */
@ApplicationScoped
public class IntakeAdmission {

    private static final long BACKLOG_RECHECK_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long BACKLOG_REFRESH_NANOS = Duration.ofSeconds(30).toNanos();

    @Inject
    BacklogFigures figures;

    @Inject
    @ConfigProperty(name = "trace.intake.max-backlog", defaultValue = "1000000")
    long maxBacklog;

    /** Tasks per second per tenant and node; 0 turns the limit off. */
    @Inject
    @ConfigProperty(name = "trace.intake.tenant-rate", defaultValue = "0")
    double tenantRate;

    @Inject
    DrainLag lag;

    /** Drain lag an app may have before its requests are slowed. */
    @Inject
    @ConfigProperty(name = "trace.intake.pacing.grace", defaultValue = "PT1S")
    Duration pacingGrace;

    /** The longest one request is slowed; zero turns pacing off. */
    @Inject
    @ConfigProperty(name = "trace.intake.pacing.max-delay", defaultValue = "PT1S")
    Duration pacingMaxDelay;

    /** Requests of one tenant that may wait at once on this node (all tenants: twice that). */
    @Inject
    @ConfigProperty(name = "trace.intake.pacing.max-waiting", defaultValue = "8")
    int maxWaiting;

    @Resource
    ManagedExecutorService executor;

    // Bounded: a flood of tenant ids must not grow the map; an evicted tenant starts a full bucket.
    private final Map<String, TokenBucket> buckets = LruMaps.synchronizedLru(10_000);
    private volatile long counted;
    private volatile long countedAt;
    private volatile boolean everCounted;
    /** Tasks admitted on this node since the last count. */
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** Requests waiting now, per tenant and in all (bounded like the buckets). */
    private final Map<String, AtomicInteger> waitingByTenant = LruMaps.synchronizedLru(10_000);
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * Each second of lag past the grace slows a request by this much per task it carries: a request
     * of 100 tasks 2 s past it waits 40 ms. A gentle slope: a client all-out with a few threads
     * settles within seconds at a lag a little past the grace, without swinging.
     */
    static final double PACING_MICROS_PER_TASK_PER_LAG_SECOND = 200;

    /**
     * Refuses (429) or admits {@code tasks} tasks of the tenant's {@code appIds}.
     * @return how long to slow the answer, in ms ({@link #pace}); zero mostly
     */
    public long admit(String tenant, Collection<String> appIds, int tasks) {
        admit(tenant, tasks);
        return pacing(tenant, appIds, tasks, System.nanoTime());
    }

    /** How long a request of {@code tasks} tasks of these apps should wait, in ms. */
    long pacing(String tenant, Collection<String> appIds, int tasks, long nowNanos) {
        if (pacingMaxDelay.isZero() || pacingMaxDelay.isNegative()) {
            return 0;
        }
        long past = lag.of(tenant, appIds, nowNanos).minus(pacingGrace).toMillis();
        if (past <= 0) {
            return 0;
        }
        // Rounded down: a wait under a millisecond (a single task just past the grace) is not made.
        double millis = past / 1000.0 * tasks * PACING_MICROS_PER_TASK_PER_LAG_SECOND / 1000.0;
        return Math.min(pacingMaxDelay.toMillis(), (long) millis);
    }

    /**
     * Waits {@code millis} on the request's thread, before anything is stored (a client giving up
     * stored nothing). The wait holds one of the server's HTTP workers, so a tenant may have at most
     * {@code trace.intake.pacing.max-waiting} requests waiting on this node, and all tenants
     * together twice that: past either, 429 with Retry-After 1 instead, and the other tenants keep
     * the workers.
     */
    public void pace(String tenant, long millis) {
        if (millis <= 0) {
            return;
        }
        AtomicInteger ofTenant = waitingByTenant.computeIfAbsent(tenant, t -> new AtomicInteger());
        if (ofTenant.incrementAndGet() > maxWaiting) {
            ofTenant.decrementAndGet();
            throw tooManyWaiting();
        }
        if (waiting.incrementAndGet() > 2L * maxWaiting) {
            waiting.decrementAndGet();
            ofTenant.decrementAndGet();
            throw tooManyWaiting();
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
            ofTenant.decrementAndGet();
        }
    }

    private static Refusal tooManyWaiting() {
        return Refusal.rateLimited("This app's deliveries fall behind and enough requests already wait for them; retry shortly.", 1);
    }

    void admit(String tenant, int tasks) {
        if (backlog() >= maxBacklog) {
            throw Refusal.rateLimited("The relay's backlog is full; retry later.", 30);
        }
        if (tenantRate > 0) {
            // A burst of one full request (1000 tasks) is always allowed.
            TokenBucket bucket = buckets.computeIfAbsent(tenant, t -> new TokenBucket(tenantRate, Math.max(tenantRate, 1000)));
            long waitMillis = bucket.take(tasks, System.nanoTime());
            if (waitMillis > 0) {
                throw Refusal.rateLimited("This tenant sends faster than its rate limit.", Math.max(1, (waitMillis + 999) / 1000));
            }
        }
        // A request that fails after this only makes the relay count a little sooner.
        admitted.addAndGet(tasks);
    }

    /**
     * The backlog as last counted. Near the bound (that count at half of it or more, or that count
     * plus what this node admitted since at the bound) it is counted again on the request, at most
     * every 2 s; further away, in the background every 30 s (other nodes and JMS producers add to
     * it too). A COUNT reads the whole backlog: every 2 s on a request it costs a tenth of the CPU at
     * full load, and that request's latency (README "Performance").
     */
    private long backlog() {
        long now = System.nanoTime();
        boolean near = counted >= maxBacklog / 2 || counted + admitted.get() >= maxBacklog;
        if (!everCounted || near && now - countedAt >= BACKLOG_RECHECK_NANOS) {
            recount();
        } else if (now - countedAt >= BACKLOG_REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    try {
                        recount();
                    } finally {
                        refreshing.set(false);
                    }
                });
            } catch (RejectedExecutionException e) {
                refreshing.set(false);
            }
        }
        return counted;
    }

    private synchronized void recount() {
        if (everCounted && System.nanoTime() - countedAt < BACKLOG_RECHECK_NANOS) {
            return; // another request just counted
        }
        long before = admitted.get();
        counted = figures.backlog();
        admitted.addAndGet(-before);
        countedAt = System.nanoTime();
        everCounted = true;
    }
}
