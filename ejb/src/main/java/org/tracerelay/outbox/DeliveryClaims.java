package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
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

    /** Hibernate reads lock timeout -2 as SKIP LOCKED. */
    private static final int SKIP_LOCKED = -2;

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
        List<String> rowIds = due.stream().map(Delivery::getTaskRowId).filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, StoredTask> tasks = rowIds.isEmpty() ? Map.of() : em.createQuery(
                        "select t.id, t.taskId, t.tenantId, t.traceInfoType, t.receivedAt, t.payload"
                        + " from TraceTask t where t.id in :ids", Object[].class)
                .setParameter("ids", rowIds)
                .getResultStream()
                .map(r -> new StoredTask((String) r[0], (String) r[1], (String) r[2], (String) r[3], (Instant) r[4], (String) r[5]))
                .collect(Collectors.toMap(StoredTask::rowId, Function.identity()));
        List<ClaimedDelivery> claimed = new ArrayList<>(due.size());
        List<ClaimedDelivery> firstClaims = new ArrayList<>();
        for (Delivery d : due) {
            boolean first = d.isFirstClaim();
            ClaimedDelivery c = open(d, d.getTaskRowId() == null ? null : tasks.get(d.getTaskRowId()));
            claimed.add(c);
            if (first) {
                firstClaims.add(c);
            }
        }
        if (!firstClaims.isEmpty()) {
            // Observed in the claiming transaction: whatever counts first claims commits with the attempt.
            firstClaimEvents.fire(new FirstClaims(destination, firstClaims, now));
        }
        return claimed;
    }

    /** The columns of a task row that an export needs. */
    private record StoredTask(String rowId, String taskId, String tenantId, String traceInfoType, Instant receivedAt, String payload) {
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
}
