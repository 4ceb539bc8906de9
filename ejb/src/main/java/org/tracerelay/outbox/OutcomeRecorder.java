package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.delivery.DeliveryStatus;
import org.tracerelay.export.ExportOutcome;

/**
 * Records what became of a claimed batch, in the claim's transaction: each delivery row is
 * written once per attempt. What an outcome does to a row is {@link #apply} and {@link #putBack}.
 */
@Stateless
public class OutcomeRecorder {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    RetryPolicy retryPolicy;

    /**
     * Applies each outcome to the claimed rows and counts the attempt; a retry past the budget
     * becomes dead. The delivered ones, nearly all of them, in one statement: one update per row
     * costs a third of the drain's time. A parcel whose items all went is one row marked
     * delivered; one whose items did not all go is split into a row per item (see {@link #split}).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(List<ClaimedDelivery> batch, Map<String, ExportOutcome> outcomes, Instant now) {
        List<String> delivered = new ArrayList<>(outcomes.size());
        RetryCounts retries = new RetryCounts();
        Map<String, List<ClaimedDelivery>> parcels = new LinkedHashMap<>();
        for (ClaimedDelivery c : batch) {
            ExportOutcome o = outcomeOf(c, outcomes);
            if (c.parcelDeliveryId() != null) {
                parcels.computeIfAbsent(c.parcelDeliveryId(), k -> new ArrayList<>()).add(c);
            } else if (o.kind() == ExportOutcome.Kind.DELIVERED) {
                delivered.add(c.deliveryId());
            } else {
                Delivery d = em.find(Delivery.class, c.deliveryId());
                apply(d, o, now, retryPolicy);
                retries.count(d);
            }
        }
        parcels.forEach((parcelId, items) -> {
            if (items.stream().allMatch(i -> outcomeOf(i, outcomes).kind() == ExportOutcome.Kind.DELIVERED)) {
                delivered.add(parcelId);
            } else {
                Delivery parcel = em.find(Delivery.class, parcelId);
                for (Delivery item : split(parcel, items, outcomes, now, retryPolicy)) {
                    em.persist(item);
                    retries.count(item);
                }
                em.remove(parcel);
            }
        });
        if (!delivered.isEmpty()) {
            em.createNamedQuery(Delivery.MARK_DELIVERED).setParameter("ids", delivered).setParameter("now", now).executeUpdate();
        }
        retries.append(em, now);
    }

    /**
     * A batch whose destination was down as a whole: back in line where they stood (the
     * breaker paces the destination), unless their retry budget is spent. A parcel goes back
     * whole; once dead, it is split so that each task can be listed and redriven.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void release(List<ClaimedDelivery> batch, Map<String, ExportOutcome> outcomes, Instant now) {
        RetryCounts retries = new RetryCounts();
        Map<String, List<ClaimedDelivery>> parcels = new LinkedHashMap<>();
        for (ClaimedDelivery c : batch) {
            if (c.parcelDeliveryId() != null) {
                parcels.computeIfAbsent(c.parcelDeliveryId(), k -> new ArrayList<>()).add(c);
                continue;
            }
            Delivery d = em.find(Delivery.class, c.deliveryId());
            putBack(d, outcomeOf(c, outcomes), now, retryPolicy);
            retries.count(d);
        }
        parcels.forEach((parcelId, items) -> {
            Delivery parcel = em.find(Delivery.class, parcelId);
            putBack(parcel, outcomeOf(items.get(0), outcomes), now, retryPolicy);
            if (parcel.getStatus() == DeliveryStatus.DEAD) {
                items.forEach(i -> em.persist(parcel.item(i.index(), taskIdOf(i), i.taskRowId())));
                em.remove(parcel);
            } else {
                retries.count(parcel);
            }
        });
        retries.append(em, now);
    }

    /**
     * A parcel's items that did not all end the same way: a row per item, named after the parcel's
     * row and the item's place, with the parcel's history and its own outcome (the attempt counted).
     */
    static List<Delivery> split(Delivery parcel, List<ClaimedDelivery> items, Map<String, ExportOutcome> outcomes,
                                Instant now, RetryPolicy policy) {
        List<Delivery> rows = new ArrayList<>(items.size());
        for (ClaimedDelivery c : items) {
            Delivery d = parcel.item(c.index(), taskIdOf(c), c.taskRowId());
            ExportOutcome o = outcomeOf(c, outcomes);
            if (o.kind() == ExportOutcome.Kind.DELIVERED) {
                d.claim();
                d.delivered(now);
            } else {
                apply(d, o, now, policy);
            }
            rows.add(d);
        }
        return rows;
    }

    /** An item the exporter gave no outcome is tried again, never lost. */
    private static ExportOutcome outcomeOf(ClaimedDelivery c, Map<String, ExportOutcome> outcomes) {
        ExportOutcome o = outcomes.get(c.deliveryId());
        return o != null ? o : ExportOutcome.retry("exporter_error", "no outcome recorded", null);
    }

    /** The task id a split row carries; a task row that went missing is named by its key. */
    private static String taskIdOf(ClaimedDelivery c) {
        return c.taskId() != null ? c.taskId() : c.taskRowId();
    }

    /** How many of each app's deliveries this batch sent back to wait (console: retried per minute). */
    static final class RetryCounts {
        private final Map<List<String>, Integer> byApp = new java.util.HashMap<>();

        void count(Delivery d) {
            if (d.getStatus() == DeliveryStatus.PENDING && d.getTenantId() != null && d.getAppId() != null) {
                byApp.merge(List.of(d.getTenantId(), d.getAppId()), d.isParcel() ? d.getParcelItems() : 1, Integer::sum);
            }
        }

        void append(EntityManager em, Instant now) {
            byApp.forEach((app, n) -> em.createNativeQuery(
                            "insert into delivery_retry (tenant_id, app_id, retried_at, retries) values (?1, ?2, ?3, ?4)")
                    .setParameter(1, app.get(0)).setParameter(2, app.get(1)).setParameter(3, now).setParameter(4, n)
                    .executeUpdate());
        }
    }

    /** A retry or dead outcome of one item: counted, then dead, or due again after the policy's wait. */
    static void apply(Delivery d, ExportOutcome o, Instant now, RetryPolicy policy) {
        d.claim();
        if (o.kind() == ExportOutcome.Kind.DEAD) {
            d.dead(o.code(), o.detail(), now);
            return;
        }
        Instant next = policy.nextAttempt(now, d.getAttempts(), o.retryAfter());
        if (policy.exhausted(d.retryBudgetStart(), next)) {
            d.dead("retry_budget_exhausted", "last: " + o.code(), now);
        } else {
            d.retryAt(next, o.code(), o.detail());
        }
    }

    /** An item of a batch the destination refused as a whole: counted, and back at its old place. */
    static void putBack(Delivery d, ExportOutcome o, Instant now, RetryPolicy policy) {
        d.claim();
        if (policy.exhausted(d.retryBudgetStart(), now)) {
            d.dead("retry_budget_exhausted", "last: " + o.code(), now);
        } else {
            d.release(o.code(), o.detail());
        }
    }
}
