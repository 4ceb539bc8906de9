package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an app's admins watch: per destination how much waits and since when, and per minute how
 * many deliveries finished as delivered or dead and how many were sent back to wait (retried).
 * Every query names the tenant and the app.
 */
@Stateless
public class AppActivity {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** One destination of the app: waiting deliveries, those of them already tried (retrying), the oldest. */
    public record Backlog(String destination, String provider, long waiting, long retrying, Instant oldest) {
    }

    /** One minute (its start): deliveries that finished, by how, and retries (a delivery retried twice counts twice). */
    public record Minute(Instant start, long delivered, long retried, long dead) {
    }

    public List<Backlog> backlog(String tenantId, String appId) {
        return em.createQuery("select d.destination, d.provider, sum(coalesce(d.parcelItems, 1)),"
                        + " sum(case when d.attempts > 0 then coalesce(d.parcelItems, 1) else 0 end),"
                        + " min(d.createdAt) from Delivery d where d.tenantId = :tenantId and d.appId = :appId"
                        + " and d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING"
                        + " group by d.destination, d.provider order by d.destination", Object[].class)
                .setParameter("tenantId", tenantId).setParameter("appId", appId).getResultStream()
                .map(r -> new Backlog((String) r[0], (String) r[1], ((Number) r[2]).longValue(),
                        r[3] == null ? 0 : ((Number) r[3]).longValue(), (Instant) r[4]))
                .toList();
    }

    /**
     * The last {@code minutes} whole minutes up to now, oldest first, each with its counts (zero
     * when nothing finished). Counted in the database, grouped by the minute of {@code finished_at}.
     */
    public List<Minute> perMinute(String tenantId, String appId, int minutes, Instant now) {
        Instant first = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1L));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select floor(extract(epoch from finished_at) / 60), status, sum(coalesce(parcel_items, 1))"
                        + " from delivery where tenant_id = ?1 and app_id = ?2 and status in ('DELIVERED', 'DEAD')"
                        + " and finished_at >= ?3 group by 1, 2")
                .setParameter(1, tenantId).setParameter(2, appId).setParameter(3, first).getResultList();
        Map<Long, long[]> counts = new HashMap<>();
        for (Object[] r : rows) {
            long[] c = counts.computeIfAbsent(((Number) r[0]).longValue(), k -> new long[3]);
            c["DEAD".equals(r[1]) ? 2 : 0] += ((Number) r[2]).longValue();
        }
        @SuppressWarnings("unchecked")
        List<Object[]> retried = em.createNativeQuery("select floor(extract(epoch from retried_at) / 60), sum(retries)"
                        + " from delivery_retry where tenant_id = ?1 and app_id = ?2 and retried_at >= ?3 group by 1")
                .setParameter(1, tenantId).setParameter(2, appId).setParameter(3, first).getResultList();
        for (Object[] r : retried) {
            counts.computeIfAbsent(((Number) r[0]).longValue(), k -> new long[3])[1] += ((Number) r[1]).longValue();
        }
        List<Minute> out = new ArrayList<>(minutes);
        for (int i = 0; i < minutes; i++) {
            Instant start = first.plus(Duration.ofMinutes(i));
            long[] c = counts.getOrDefault(start.getEpochSecond() / 60, new long[3]);
            out.add(new Minute(start, c[0], c[1], c[2]));
        }
        return out;
    }
}
