package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.tracerelay.domain.delivery.Delivery;

/** How much work waits: in all (intake's admission bound) and per destination (the relay's gauges). */
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

    /** Deliveries not finished yet, over all destinations: the durable backlog. */
    public long backlog() {
        return em.createNamedQuery(Delivery.BACKLOG, Long.class).getSingleResult();
    }
}
