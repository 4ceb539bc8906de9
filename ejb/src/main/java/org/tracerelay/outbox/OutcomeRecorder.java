package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tracerelay.domain.delivery.Delivery;

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
     * costs a third of the drain's time.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(Map<String, ExportOutcome> outcomes, Instant now) {
        List<String> delivered = new ArrayList<>(outcomes.size());
        RetryCounts retries = new RetryCounts();
        for (Map.Entry<String, ExportOutcome> e : outcomes.entrySet()) {
            ExportOutcome o = e.getValue();
            if (o.kind() == ExportOutcome.Kind.DELIVERED) {
                delivered.add(e.getKey());
                continue;
            }
            Delivery d = em.find(Delivery.class, e.getKey());
            apply(d, o, now, retryPolicy);
            retries.count(d);
        }
        if (!delivered.isEmpty()) {
            em.createNamedQuery(Delivery.MARK_DELIVERED).setParameter("ids", delivered).setParameter("now", now).executeUpdate();
        }
        retries.append(em, now);
    }

    /**
     * A batch whose destination was down as a whole: back in line where they stood (the
     * breaker paces the destination), unless their retry budget is spent.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void release(Map<String, ExportOutcome> outcomes, Instant now) {
        RetryCounts retries = new RetryCounts();
        for (Map.Entry<String, ExportOutcome> e : outcomes.entrySet()) {
            Delivery d = em.find(Delivery.class, e.getKey());
            putBack(d, e.getValue(), now, retryPolicy);
            retries.count(d);
        }
        retries.append(em, now);
    }

    /** How many of each app's deliveries this batch sent back to wait (console: retried per minute). */
    static final class RetryCounts {
        private final Map<List<String>, Integer> byApp = new java.util.HashMap<>();

        void count(Delivery d) {
            if (d.getStatus() == org.tracerelay.domain.delivery.DeliveryStatus.PENDING && d.getTenantId() != null) {
                byApp.merge(List.of(d.getTenantId(), d.getAppId()), 1, Integer::sum);
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
