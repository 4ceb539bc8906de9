package org.tracerelay.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.domain.delivery.Delivery;

/**
 * Whether the pipeline is stuck: deliveries wait and none finished for {@code trace.health.stall}
 * (Dify's consumers stalled for a day unnoticed). A signal for operators, published as the
 * metric {@code trace_relay.delivery.stalled}, and deliberately not readiness: a tenant's backend
 * down for an hour must not take the relay out of its load balancer.
 */
@ApplicationScoped
public class DeliveryProgress {

    /** What waits, since when, and when the last delivery finished. */
    public record Status(long waiting, Instant oldestWaiting, Instant lastFinished, boolean stalled) {
    }

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "trace.health.stall", defaultValue = "PT10M")
    Duration stall;

    /** Deliveries not finished yet, over all destinations (a parcel counts its items), and the oldest of them. */
    public record Backlog(long waiting, Instant oldest) {
    }

    public Backlog backlog() {
        Object[] backlog = em.createNamedQuery(Delivery.BACKLOG, Object[].class).getSingleResult();
        return new Backlog(((Number) backlog[0]).longValue(), (Instant) backlog[1]);
    }

    public Status now() {
        Instant now = Instant.now();
        Backlog backlog = backlog();
        long waiting = backlog.waiting();
        Instant oldest = backlog.oldest();
        Instant lastFinished = em.createQuery("select max(d.finishedAt) from Delivery d", Instant.class).getSingleResult();
        boolean stalled = waiting > 0 && oldest.isBefore(now.minus(stall))
                && (lastFinished == null || lastFinished.isBefore(now.minus(stall)));
        return new Status(waiting, oldest, lastFinished, stalled);
    }
}
