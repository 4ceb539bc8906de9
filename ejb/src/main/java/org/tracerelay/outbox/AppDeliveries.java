package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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

    /**
     * One page of an app's deliveries per task, newest first: {@code offset} skipped, at most
     * {@code limit}. A parcel's row is listed as one delivery per item, by the id its item keeps
     * when the parcel is split (so a listed id stays the same whatever becomes of its neighbours).
     */
    public List<Delivery> forApp(String tenantId, String appId, DeliveryStatus status, int offset, int limit) {
        String ofStatus = status == null ? "" : " and d.status = '" + status.name() + "'";
        @SuppressWarnings("unchecked")
        List<Object[]> page = em.createNativeQuery("select d.id, -1 as item, d.created_at from delivery d"
                        + " where d.tenant_id = ?1 and d.app_id = ?2 and d.parcel_items is null" + ofStatus
                        + " union all"
                        + " select d.id, g.item, d.created_at from delivery d cross join generate_series(0, d.parcel_items - 1) as g(item)"
                        + " where d.tenant_id = ?1 and d.app_id = ?2 and d.parcel_items is not null" + ofStatus
                        + " order by 3 desc, 1, 2 offset ?3 limit ?4")
                .setParameter(1, tenantId).setParameter(2, appId).setParameter(3, offset).setParameter(4, limit)
                .getResultList();
        if (page.isEmpty()) {
            return List.of();
        }
        Map<String, Delivery> rows = em.createQuery("select d from Delivery d where d.tenantId = :tenantId and d.id in :ids",
                        Delivery.class)
                .setParameter("tenantId", tenantId).setParameter("ids", page.stream().map(r -> (String) r[0]).distinct().toList())
                .getResultStream().collect(Collectors.toMap(Delivery::getId, Function.identity()));
        List<String> itemRowIds = new ArrayList<>();
        for (Object[] r : page) {
            Delivery d = rows.get((String) r[0]);
            if (d != null && d.isParcel()) {
                itemRowIds.add(Delivery.taskRowIdOf(d.getTaskRowId(), ((Number) r[1]).intValue()));
            }
        }
        Map<String, String> taskIds = new HashMap<>();
        if (!itemRowIds.isEmpty()) {
            em.createQuery("select t.id, t.taskId from TraceTask t where t.tenantId = :tenantId and t.id in :ids", Object[].class)
                    .setParameter("tenantId", tenantId).setParameter("ids", itemRowIds)
                    .getResultStream().forEach(t -> taskIds.put((String) t[0], (String) t[1]));
        }
        List<Delivery> out = new ArrayList<>(page.size());
        for (Object[] r : page) {
            Delivery d = rows.get((String) r[0]);
            if (d == null) {
                continue;
            }
            if (!d.isParcel()) {
                out.add(d);
                continue;
            }
            int index = ((Number) r[1]).intValue();
            String taskRowId = Delivery.taskRowIdOf(d.getTaskRowId(), index);
            out.add(d.item(index, taskIds.getOrDefault(taskRowId, taskRowId), taskRowId));
        }
        return out;
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
