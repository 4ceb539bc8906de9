package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.delivery.DeliveryStatus;

/**
 * An app's deliveries as its tenant's admins see them: listed by status, dead ones redriven, all
 * forgotten with the app. Every query names the tenant, so an app id another tenant used before
 * shows and sends nothing of that tenant's.
 */
@Stateless
public class AppDeliveries {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** How many were put back in line, and how many dead ones are left for the next page. */
    public record Redriven(int redriven, long remaining) {
    }

    /**
     * Puts an app's dead deliveries back in line, oldest first: the given ones, or else at most
     * {@code limit} of them, so a large dead-letter backlog is redriven in pages.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Redriven redrive(String tenantId, String appId, List<String> deliveryIds, int limit) {
        Instant now = Instant.now();
        List<Delivery> dead = deliveryIds.isEmpty()
                ? em.createNamedQuery(Delivery.DEAD_OF_APP, Delivery.class)
                        .setParameter("tenantId", tenantId).setParameter("appId", appId).setMaxResults(limit).getResultList()
                : em.createQuery("select d from Delivery d where d.tenantId = :tenantId and d.appId = :appId"
                                + " and d.id in :ids", Delivery.class)
                        .setParameter("tenantId", tenantId).setParameter("appId", appId).setParameter("ids", deliveryIds)
                        .getResultList();
        int n = 0;
        for (Delivery d : dead) {
            if (d.redrive(now)) {
                n++;
            }
        }
        em.flush();
        long remaining = em.createQuery("select count(d) from Delivery d where d.tenantId = :tenantId and d.appId = :appId"
                        + " and d.status = org.tracerelay.domain.delivery.DeliveryStatus.DEAD", Long.class)
                .setParameter("tenantId", tenantId).setParameter("appId", appId).getSingleResult();
        return new Redriven(n, remaining);
    }

    /** An app's deliveries, newest first, optionally of one status. */
    public List<Delivery> forApp(String tenantId, String appId, DeliveryStatus status, int limit) {
        return forApp(tenantId, appId, status, 0, limit);
    }

    /** One page of an app's deliveries, newest first: {@code offset} rows skipped, at most {@code limit}. */
    public List<Delivery> forApp(String tenantId, String appId, DeliveryStatus status, int offset, int limit) {
        return em.createQuery("select d from Delivery d where d.tenantId = :tenantId and d.appId = :appId"
                        + " and (:status is null or d.status = :status) order by d.createdAt desc", Delivery.class)
                .setParameter("tenantId", tenantId).setParameter("appId", appId).setParameter("status", status)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** Everything stored under a deleted app for this tenant: its deliveries and its tasks. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public int forget(String tenantId, String appId) {
        int deliveries = em.createQuery("delete from Delivery d where d.tenantId = :tenantId and d.appId = :appId")
                .setParameter("tenantId", tenantId).setParameter("appId", appId).executeUpdate();
        int tasks = em.createQuery("delete from TraceTask t where t.tenantId = :tenantId and t.appId = :appId")
                .setParameter("tenantId", tenantId).setParameter("appId", appId).executeUpdate();
        em.createNativeQuery("delete from delivery_retry where tenant_id = ?1 and app_id = ?2")
                .setParameter(1, tenantId).setParameter(2, appId).executeUpdate();
        return deliveries + tasks;
    }
}
