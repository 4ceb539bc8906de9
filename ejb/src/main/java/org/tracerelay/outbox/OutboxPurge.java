package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import org.tracerelay.domain.telemetry.TelemetryLease;

/**
 * Retention: what was delivered, and tasks with nothing left to deliver, are removed, by one node
 * per period (the one that takes the turn), not by every node of a cluster.
 */
@Stateless
public class OutboxPurge {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /**
     * Takes this period's purge for {@code node} when no node holds it (in its own short
     * transaction, so the purge that follows does not hold the row and block other nodes' ticks).
     * @return whether {@code node} purges now
     */
    public boolean takeTurn(String node, Instant now, Instant until) {
        return em.createNamedQuery(TelemetryLease.TAKE_TURN).setParameter("name", TelemetryLease.RETENTION)
                .setParameter("owner", node).setParameter("until", until).setParameter("now", now).executeUpdate() == 1;
    }

    /**
     * Forgets what is done: delivered deliveries finished before {@code cutoff}, then tasks
     * received before it that have no delivery left (dead ones stay, for redrive). A task's
     * deliveries are created with it, so only deliveries created before the cutoff can hold one.
     * @return deliveries and tasks removed
     */
    public int purge(Instant cutoff) {
        int deliveries = em.createQuery("delete from Delivery d where d.status = org.tracerelay.domain.delivery.DeliveryStatus.DELIVERED"
                + " and d.finishedAt < :cutoff").setParameter("cutoff", cutoff).executeUpdate();
        // A task's deliveries are its own rows (key: the task row's) or its parcel's (key: the part
        // of the task row's before the colon). Two anti-joins, not one with "in (a, b)": PostgreSQL
        // hashes each, where the other form compared every task with every delivery (EXPLAIN on
        // 545,200 tasks: cost 96 thousand against 44 million).
        int tasks = em.createNativeQuery("delete from trace_task t where t.received_at < ?1"
                + " and not exists (select 1 from delivery d where d.task_row_id = t.id and d.created_at < ?1)"
                + " and not exists (select 1 from delivery d where d.task_row_id = split_part(t.id, ':', 1)"
                + " and d.created_at < ?1)").setParameter(1, cutoff).executeUpdate();
        // A relay mark older than the retention is refused anyway: its id need not be kept.
        em.createNativeQuery("delete from relay_mark_used where issued_at < ?1").setParameter(1, cutoff).executeUpdate();
        // The retry counts serve the console's last hour; a day of them is plenty.
        em.createNativeQuery("delete from delivery_retry where retried_at < ?1")
                .setParameter(1, cutoff.isBefore(Instant.now().minus(java.time.Duration.ofDays(1))) ? cutoff
                        : Instant.now().minus(java.time.Duration.ofDays(1))).executeUpdate();
        return deliveries + tasks;
    }
}
