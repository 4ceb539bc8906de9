package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

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

    /**
     * A tenant's waiting deliveries of one app (tenant and app may be null): to every destination,
     * and to its own ({@link RouteKey#ofApp}: not a deployment-wide one like the enterprise collector).
     */
    public record TenantBacklog(String tenant, String appId, long waiting, long waitingForOwn) {
    }

    /**
     * The backlog per tenant and app, in one read of the waiting rows: the rows (and index range)
     * the total reads, hashed by tenant and app; one group per app with work waiting.
     */
    public List<TenantBacklog> backlogByTenant() {
        return em.createQuery("select d.tenantId, d.appId, sum(coalesce(d.parcelItems, 1)),"
                        + " sum(case when locate('/', d.destination) > 0 then coalesce(d.parcelItems, 1) else 0 end) from Delivery d"
                        + " where d.status = org.tracerelay.domain.delivery.DeliveryStatus.PENDING"
                        + " group by d.tenantId, d.appId", Object[].class)
                .getResultStream()
                .map(r -> new TenantBacklog((String) r[0], (String) r[1], ((Number) r[2]).longValue(), ((Number) r[3]).longValue()))
                .toList();
    }
}
