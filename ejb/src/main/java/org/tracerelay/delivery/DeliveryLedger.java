package org.tracerelay.delivery;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tracerelay.crypto.SecretBox;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.delivery.DeliveryStatus;
import org.tracerelay.enterprise.EnterpriseTelemetry;
import org.tracerelay.enterprise.MetricTally;
import org.tracerelay.export.ExportOutcome;

/**
 * The outbox: which destinations have due work, claiming a batch (row locks with SKIP LOCKED, so
 * nodes sharing the database never claim the same row) and recording its outcomes. Claim and
 * record run in the drain's one transaction, so each delivery row is written once per attempt.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeliveryLedger {

    /** Hibernate reads lock timeout -2 as SKIP LOCKED where the database has it. */
    private static final int SKIP_LOCKED = -2;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    @Inject
    RetryPolicy retryPolicy;

    @Inject
    MetricTally metricTally;


    /**
     * Forgets what is done: delivered deliveries finished before {@code cutoff}, then tasks
     * received before it that have no delivery left (dead ones stay, for redrive). A task's
     * deliveries are created with it, so only deliveries created before the cutoff can hold one.
     * @return deliveries and tasks removed
     */
    public int purge(Instant cutoff) {
        int deliveries = em.createQuery("delete from Delivery d where d.status = org.tracerelay.domain.delivery.DeliveryStatus.DELIVERED"
                + " and d.finishedAt < :cutoff").setParameter("cutoff", cutoff).executeUpdate();
        int tasks = em.createQuery("delete from TraceTask t where t.receivedAt < :cutoff"
                + " and t.taskId not in (select d.taskId from Delivery d where d.createdAt < :cutoff)")
                .setParameter("cutoff", cutoff).executeUpdate();
        return deliveries + tasks;
    }

    /** Rows an earlier version leased to a node that died: back in line once the lease ran out. */
    public int releaseExpiredLeases(Instant now) {
        return em.createNamedQuery(Delivery.RELEASE_EXPIRED_LEASES).setParameter("now", now).executeUpdate();
    }

    /**
     * Destinations with pending deliveries, found by one index seek each (a skip scan) rather
     * than by reading every pending row: a backlog of a million costs no more than one of ten.
     * Whether their work is due yet is the claim's question.
     */
    public List<String> destinationsWithWork() {
        List<String> found = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> next = em.createNamedQuery(Delivery.NEXT_DESTINATION_WITH_WORK, String.class)
                    .setParameter("after", after).setMaxResults(1).getResultList();
            if (next.isEmpty()) {
                return found;
            }
            after = next.get(0);
            found.add(after);
        }
    }

    /**
     * Locks up to {@code limit} due deliveries of a destination, longest due first; they stay
     * locked until the caller's transaction records the outcomes (which counts the attempt).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public List<ClaimedDelivery> claim(String destination, int limit, Instant now) {
        // PostgreSQL locks only the rows it returns and skips those another node holds.
        List<Delivery> due = em.createNamedQuery(Delivery.DUE_FOR_DESTINATION, Delivery.class)
                        .setParameter("destination", destination)
                        .setParameter("now", now)
                        .setMaxResults(limit)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                        .getResultList();
        if (due.isEmpty()) {
            return List.of();
        }
        // Read as values, not entities: nothing here changes a task, so none needs a flush check.
        Map<String, StoredTask> tasks = em.createQuery("select t.taskId, t.tenantId, t.traceInfoType, t.receivedAt, t.payload"
                        + " from TraceTask t where t.taskId in :ids", Object[].class)
                .setParameter("ids", due.stream().map(Delivery::getTaskId).distinct().toList())
                .getResultStream()
                .map(r -> new StoredTask((String) r[0], (String) r[1], (String) r[2], (Instant) r[3], (String) r[4]))
                .collect(Collectors.toMap(StoredTask::taskId, Function.identity()));
        List<ClaimedDelivery> claimed = new ArrayList<>(due.size());
        List<ClaimedDelivery> firstClaims = new ArrayList<>();
        for (Delivery d : due) {
            boolean first = d.isFirstClaim();
            ClaimedDelivery c = open(d, tasks.get(d.getTaskId()));
            claimed.add(c);
            if (first) {
                firstClaims.add(c);
            }
        }
        if (EnterpriseTelemetry.DESTINATION.equals(destination) && !firstClaims.isEmpty()) {
            // Counted in the claiming transaction: committed together with the attempt, exactly once.
            metricTally.count(firstClaims, now);
        }
        return claimed;
    }

    /** The columns of a task row that an export needs. */
    private record StoredTask(String taskId, String tenantId, String traceInfoType, Instant receivedAt, String payload) {
    }

    private ClaimedDelivery open(Delivery d, StoredTask task) {
        if (task == null) {
            return new ClaimedDelivery(d.getId(), d.getTaskId(), null, null, d.getCreatedAt(), null, "task row missing");
        }
        try {
            String json = sealing.openPayload(task.tenantId(), task.taskId(), task.payload());
            return new ClaimedDelivery(d.getId(), d.getTaskId(), task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), json, null);
        } catch (SecretBox.SealException e) {
            return new ClaimedDelivery(d.getId(), d.getTaskId(), task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), null, "payload " + e.getMessage());
        }
    }

    /**
     * Applies each outcome to the claimed rows and counts the attempt; a retry past the budget
     * becomes dead. The delivered ones, nearly all of them, in one statement: the profile showed
     * a third of the drain's time in flushing one update per row.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(Map<String, ExportOutcome> outcomes, Instant now) {
        List<String> delivered = new ArrayList<>(outcomes.size());
        for (Map.Entry<String, ExportOutcome> e : outcomes.entrySet()) {
            ExportOutcome o = e.getValue();
            if (o.kind() == ExportOutcome.Kind.DELIVERED) {
                delivered.add(e.getKey());
                continue;
            }
            Delivery d = em.find(Delivery.class, e.getKey());
            d.claim();
            if (o.kind() == ExportOutcome.Kind.DEAD) {
                d.dead(o.code(), o.detail(), now);
                continue;
            }
            Instant next = retryPolicy.nextAttempt(now, d.getAttempts(), o.retryAfter());
            if (retryPolicy.exhausted(d.retryBudgetStart(), next)) {
                d.dead("retry_budget_exhausted", "last: " + o.code(), now);
            } else {
                d.retryAt(next, o.code(), o.detail());
            }
        }
        if (!delivered.isEmpty()) {
            em.createNamedQuery(Delivery.MARK_DELIVERED).setParameter("ids", delivered).setParameter("now", now).executeUpdate();
        }
    }

    /**
     * A batch whose destination was down as a whole: back in line where they stood (the
     * breaker paces the destination), unless their retry budget is spent.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void release(Map<String, ExportOutcome> outcomes, Instant now) {
        for (Map.Entry<String, ExportOutcome> e : outcomes.entrySet()) {
            Delivery d = em.find(Delivery.class, e.getKey());
            d.claim();
            ExportOutcome o = e.getValue();
            if (retryPolicy.exhausted(d.retryBudgetStart(), now)) {
                d.dead("retry_budget_exhausted", "last: " + o.code(), now);
            } else {
                d.release(o.code(), o.detail());
            }
        }
    }

    /** Puts an app's dead deliveries (all, or the given ones) back in line; returns how many. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public int redrive(String appId, List<String> deliveryIds) {
        Instant now = Instant.now();
        List<Delivery> dead = em.createNamedQuery(Delivery.DEAD_OF_APP, Delivery.class)
                .setParameter("appId", appId).getResultList();
        int n = 0;
        for (Delivery d : dead) {
            if ((deliveryIds.isEmpty() || deliveryIds.contains(d.getId())) && d.redrive(now)) {
                n++;
            }
        }
        return n;
    }

    /** One destination's waiting deliveries and the oldest of them. */
    public record DestinationBacklog(String destination, String provider, long waiting, Instant oldest) {
    }

    public List<DestinationBacklog> backlogByDestination() {
        return em.createQuery("select d.destination, d.provider, count(d), min(d.createdAt) from Delivery d"
                        + " where d.status in (org.tracerelay.domain.delivery.DeliveryStatus.PENDING,"
                        + " org.tracerelay.domain.delivery.DeliveryStatus.IN_FLIGHT)"
                        + " group by d.destination, d.provider", Object[].class).getResultStream()
                .map(r -> new DestinationBacklog((String) r[0], (String) r[1], ((Number) r[2]).longValue(), (Instant) r[3]))
                .toList();
    }

    /** Deliveries not finished yet, over all destinations: the durable backlog. */
    public long backlog() {
        return em.createNamedQuery(Delivery.BACKLOG, Long.class).getSingleResult();
    }

    /** An app's deliveries, newest first, optionally of one status. */
    public List<Delivery> forApp(String appId, DeliveryStatus status, int limit) {
        return em.createQuery("select d from Delivery d where d.appId = :appId and (:status is null or d.status = :status)"
                        + " order by d.createdAt desc", Delivery.class)
                .setParameter("appId", appId).setParameter("status", status).setMaxResults(limit).getResultList();
    }

}
