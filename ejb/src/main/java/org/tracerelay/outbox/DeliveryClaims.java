package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.crypto.SecretBox;
import org.tracerelay.domain.delivery.Delivery;

/**
 * The drain's side of the outbox: which destinations have work, and claiming a batch with row
 * locks (SKIP LOCKED, so nodes sharing the database never claim the same row). The rows stay
 * locked until {@link OutcomeRecorder} records the outcomes in the same transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeliveryClaims {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    @Inject
    Event<FirstClaims> firstClaimEvents;

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
        // One statement, values not entities: the rows are locked (PostgreSQL locks only those it
        // returns and skips those another node holds) and read with their task in one round trip,
        // and nothing is left in the persistence context for a flush to check. The order is a
        // prefix of delivery_drain_idx, so due rows are read in index order without a sort.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select d.id, d.task_id, d.attempts, d.created_at,
                               t.id, t.task_id, t.tenant_id, t.trace_info_type, t.received_at, t.payload
                        from delivery d left join trace_task t on t.id = d.task_row_id
                        where d.status = 'PENDING' and d.destination = ?1 and d.next_attempt_at <= ?2
                        order by d.status, d.destination, d.next_attempt_at
                        limit ?3
                        for update of d skip locked""")
                .setParameter(1, destination).setParameter(2, now).setParameter(3, limit)
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
        List<ClaimedDelivery> firstClaims = new ArrayList<>();
        for (Object[] r : rows) {
            StoredTask task = r[4] == null ? null
                    : new StoredTask((String) r[4], (String) r[5], (String) r[6], (String) r[7], instant(r[8]), (String) r[9]);
            ClaimedDelivery c = open((String) r[0], (String) r[1], instant(r[3]), task);
            claimed.add(c);
            if (((Number) r[2]).intValue() == 0) {
                firstClaims.add(c);
            }
        }
        if (!firstClaims.isEmpty()) {
            // Observed in the claiming transaction: whatever counts first claims commits with the attempt.
            firstClaimEvents.fire(new FirstClaims(destination, firstClaims, now));
        }
        return claimed;
    }

    /** PostgreSQL's timestamptz as the driver hands it to a native query. */
    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("not a timestamp: " + (value == null ? null : value.getClass()));
    }

    /** The columns of a task row that an export needs. */
    private record StoredTask(String rowId, String taskId, String tenantId, String traceInfoType, Instant receivedAt, String payload) {
    }

    private ClaimedDelivery open(String deliveryId, String taskId, Instant createdAt, StoredTask task) {
        if (task == null) {
            return new ClaimedDelivery(deliveryId, taskId, null, null, createdAt, null, "task row missing");
        }
        try {
            String json = sealing.openPayload(task.tenantId(), task.taskId(), task.payload());
            return new ClaimedDelivery(deliveryId, taskId, task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), json, null);
        } catch (SecretBox.SealException e) {
            return new ClaimedDelivery(deliveryId, taskId, task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), null, "payload " + e.getMessage());
        }
    }
}
