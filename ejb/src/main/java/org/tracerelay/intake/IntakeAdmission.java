package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
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
 * Says no before the relay grows without limit. Waiting deliveries are bounded per tenant and per
 * app's destination ({@link BacklogQuota}, derived from {@code trace.storage.budget}), and in all:
 * a request or JMS message of a tenant at its quota, or for an app whose destination is at its
 * quota, is refused with 429 and Retry-After while every other tenant is admitted as before; past
 * the total everyone is. A tenant sending faster than {@code trace.intake.tenant-rate} tasks/s on
 * this node is refused too. Before that, it answers more slowly for an app whose deliveries fall
 * behind ({@link DrainLag}): a client that waits for its answers then settles at the rate its
 * tasks are delivered, instead of taking the CPU the drain needs.
 */
@ApplicationScoped
public class IntakeAdmission {

    private static final long BACKLOG_RECHECK_NANOS = Duration.ofSeconds(2).toNanos();
    private static final long BACKLOG_REFRESH_NANOS = Duration.ofSeconds(30).toNanos();
    /** The same wait as the total's: a quota frees up as the tenant's backend takes its tasks. */
    static final long QUOTA_RETRY_AFTER_SECONDS = 30;
    /** The estimate is replaced by a count within 2 s. */
    static final long ESTIMATE_RETRY_AFTER_SECONDS = 2;

    @Inject
    BacklogFigures figures;

    /** Bytes of disk the database may fill with waiting work. */
    @Inject
    @ConfigProperty(name = "trace.storage.budget", defaultValue = "4294967296")
    long storageBudget;

    /** Disk one waiting task takes on average: sealed payload, task and delivery rows, index entries. */
    @Inject
    @ConfigProperty(name = "trace.storage.task-bytes", defaultValue = "4096")
    long taskBytes;

    @Inject
    @ConfigProperty(name = "trace.intake.tenant-share", defaultValue = "0.25")
    double tenantShare;

    @Inject
    @ConfigProperty(name = "trace.intake.destination-share", defaultValue = "0.1")
    double destinationShare;

    /** The total bound when set (above 0); otherwise derived from the storage budget. */
    @Inject
    @ConfigProperty(name = "trace.intake.max-backlog", defaultValue = "0")
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
    private volatile BacklogCounts counted = BacklogCounts.NONE;
    private volatile long countedAt;
    private volatile boolean everCounted;
    /** Tasks admitted on this node since the last count. */
    private volatile Admitted admitted = new Admitted();
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
        check(tenant, appIds, tasks);
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

    /** Over by the count: when the backend takes tasks; over only by this node's estimate: the next count. */
    private static long retryAfter(long counted, long quota) {
        return BacklogQuota.over(counted, quota) ? QUOTA_RETRY_AFTER_SECONDS : ESTIMATE_RETRY_AFTER_SECONDS;
    }

    /** The quotas of this configuration. */
    public BacklogQuota quota() {
        return BacklogQuota.derive(storageBudget, taskBytes, tenantShare, destinationShare, maxBacklog);
    }

    /**
     * Refuses (429, {@link Refusal#retryAfterSeconds()}) or admits a JMS producer's {@code tasks}
     * tasks of these (owned) apps: the quotas and the rate, as for REST; never paced.
     */
    public void admitQueued(String tenant, Collection<String> appIds, int tasks) {
        check(tenant, appIds, tasks);
    }

    void admit(String tenant, int tasks) {
        check(tenant, List.of(), tasks);
    }

    private void check(String tenant, Collection<String> appIds, int tasks) {
        if (tenantRate > 0) {
            // A burst of one full request (1000 tasks) is always allowed.
            TokenBucket bucket = buckets.computeIfAbsent(tenant, t -> new TokenBucket(tenantRate, Math.max(tenantRate, 1000)));
            long waitMillis = bucket.take(tasks, System.nanoTime());
            if (waitMillis > 0) {
                throw Refusal.rateLimited("This tenant sends faster than its rate limit.", Math.max(1, (waitMillis + 999) / 1000));
            }
        }
        BacklogQuota quota = quota();
        BacklogCounts backlog = backlog(tenant, appIds, quota);
        Admitted since = admitted;
        // The total by the count alone: the tasks of every node and producer are in it.
        if (BacklogQuota.over(backlog.total(), quota.total())) {
            throw Refusal.rateLimited("The relay's backlog is full; retry later.", QUOTA_RETRY_AFTER_SECONDS);
        }
        // A tenant's and an app's by the count plus what this node admitted since, so a burst passes
        // them by one request per node at most; by that estimate alone, until the next count.
        long tenantCounted = backlog.ofTenant(tenant);
        if (BacklogQuota.over(tenantCounted + since.ofTenant(tenant), quota.perTenant())) {
            throw Refusal.rateLimited("This tenant's backlog is at its quota (" + quota.perTenant()
                    + " waiting deliveries) while its backends take their tasks; retry later.", retryAfter(tenantCounted, quota.perTenant()));
        }
        for (String app : appIds) {
            long appCounted = backlog.ofApp(tenant, app);
            if (BacklogQuota.over(appCounted + since.ofApp(tenant, app), quota.perDestination())) {
                throw Refusal.rateLimited("The backlog of app " + app + "'s destination is at its quota (" + quota.perDestination()
                        + " waiting deliveries) while its backend takes its tasks; retry later.",
                        retryAfter(appCounted, quota.perDestination()));
            }
        }
        // A request that fails after this only makes the relay count a little sooner.
        since.add(tenant, appIds, tasks);
    }

    /**
     * The backlog as last counted. Near a bound this request is held to (the total, the tenant's
     * quota or one of its apps': that count at half of it or more, or that count plus what this
     * node admitted since at it) it is counted again on the request, at most every 2 s; further
     * away, in the background every 30 s (other nodes and JMS producers add to it too). One
     * grouped read of the waiting rows, the same rows the total alone read before: every 2 s on a
     * request it costs a tenth of the CPU at full load, and that request's latency (README
     * "Performance"). A tenant far from its quota never waits for a count another tenant needs.
     */
    private BacklogCounts backlog(String tenant, Collection<String> appIds, BacklogQuota quota) {
        long now = System.nanoTime();
        if (!everCounted || near(tenant, appIds, quota) && now - countedAt >= BACKLOG_RECHECK_NANOS) {
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

    private boolean near(String tenant, Collection<String> appIds, BacklogQuota quota) {
        BacklogCounts c = counted;
        Admitted since = admitted;
        if (BacklogQuota.near(c.total(), quota.total()) || BacklogQuota.over(c.total() + since.total.get(), quota.total())
                || BacklogQuota.near(c.ofTenant(tenant), quota.perTenant())
                || BacklogQuota.over(c.ofTenant(tenant) + since.ofTenant(tenant), quota.perTenant())) {
            return true;
        }
        for (String app : appIds) {
            if (BacklogQuota.near(c.ofApp(tenant, app), quota.perDestination())
                    || BacklogQuota.over(c.ofApp(tenant, app) + since.ofApp(tenant, app), quota.perDestination())) {
                return true;
            }
        }
        return false;
    }

    private synchronized void recount() {
        if (everCounted && System.nanoTime() - countedAt < BACKLOG_RECHECK_NANOS) {
            return; // another request just counted
        }
        // Admissions during the count go to the fresh tally (and maybe into the count too). Tasks
        // admitted before it but still on the queue are in neither until the next count: the
        // quotas are soft by what the listener has not stored yet.
        admitted = new Admitted();
        counted = BacklogCounts.of(figures.backlogByTenant());
        countedAt = System.nanoTime();
        everCounted = true;
    }

    /** Tasks this node admitted since its last count: in all, per tenant and per tenant's app (bounded). */
    private static final class Admitted {
        final AtomicLong total = new AtomicLong();
        final Map<String, AtomicLong> byTenant = LruMaps.synchronizedLru(10_000);
        final Map<String, AtomicLong> byApp = LruMaps.synchronizedLru(10_000);

        void add(String tenant, Collection<String> appIds, int tasks) {
            total.addAndGet(tasks);
            byTenant.computeIfAbsent(tenant, t -> new AtomicLong()).addAndGet(tasks);
            // Every task counted for each app it may be of: an upper bound, until the next count.
            for (String app : appIds) {
                byApp.computeIfAbsent(BacklogCounts.appKey(tenant, app), k -> new AtomicLong()).addAndGet(tasks);
            }
        }

        long ofTenant(String tenant) {
            AtomicLong n = byTenant.get(tenant);
            return n == null ? 0 : n.get();
        }

        long ofApp(String tenant, String app) {
            AtomicLong n = byApp.get(BacklogCounts.appKey(tenant, app));
            return n == null ? 0 : n.get();
        }
    }
}
