package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.tracerelay.domain.delivery.Delivery;

/**
 * How much work waits: in all, per tenant, app and destination (intake's quotas) and per
 * destination (the relay's gauges).
 */
@Stateless
public class BacklogFigures {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** One destination's waiting deliveries and the oldest of them. */
    public record DestinationBacklog(String destination, String provider, long waiting, Instant oldest) {
    }

    public List<DestinationBacklog> backlogByDestination() {
        return em.createQuery("select d.destination, d.provider, sum(coalesce(d.parcelItems, 1)), min(d.createdAt) from Delivery d"
                        + " where d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING"
                        + " group by d.destination, d.provider", Object[].class).getResultStream()
                .map(r -> new DestinationBacklog((String) r[0], (String) r[1], ((Number) r[2]).longValue(), (Instant) r[3]))
                .toList();
    }

    /** A tenant's waiting deliveries of one app for one destination (tenant and app may be null). */
    public record TenantBacklog(String tenant, String appId, String destination, long waiting) {
    }

    /**
     * The backlog per tenant, app and destination, in one read of the waiting rows: the same rows
     * (and index range) the total reads, grouped; one group per app with work waiting.
     */
    public List<TenantBacklog> backlogByTenant() {
        return em.createQuery("select d.tenantId, d.appId, d.destination, sum(coalesce(d.parcelItems, 1)) from Delivery d"
                        + " where d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING"
                        + " group by d.tenantId, d.appId, d.destination", Object[].class).getResultStream()
                .map(r -> new TenantBacklog((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).longValue()))
                .toList();
    }

    /** Deliveries not finished yet, over all destinations: the durable backlog. */
    public long backlog() {
        return em.createNamedQuery(Delivery.BACKLOG, Long.class).getSingleResult();
    }
}
