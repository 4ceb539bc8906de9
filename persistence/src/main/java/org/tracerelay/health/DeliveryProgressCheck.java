package org.tracerelay.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.tracerelay.domain.delivery.DeliveryStatus;

/**
 * Not ready while deliveries wait and none finished for {@code trace.health.stall}: the
 * pipeline is stuck (Dify's consumers stalled for a day unnoticed). It lives in an EAR library
 * because WildFly does not register health checks of EAR subdeployments (WFLY-12835).
 */
@Readiness
@ApplicationScoped
public class DeliveryProgressCheck implements HealthCheck {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "trace.health.stall", defaultValue = "PT10M")
    Duration stall;

    @Override
    public HealthCheckResponse call() {
        Instant now = Instant.now();
        Object[] backlog = em.createQuery("select count(d), min(d.createdAt) from Delivery d where d.status in :open", Object[].class)
                .setParameter("open", java.util.List.of(DeliveryStatus.PENDING)).getSingleResult();
        long waiting = ((Number) backlog[0]).longValue();
        Instant oldest = (Instant) backlog[1];
        Instant lastFinished = em.createQuery("select max(d.finishedAt) from Delivery d", Instant.class).getSingleResult();
        boolean stuck = waiting > 0 && oldest.isBefore(now.minus(stall))
                && (lastFinished == null || lastFinished.isBefore(now.minus(stall)));
        return HealthCheckResponse.named("trace-relay-delivery-progress").status(!stuck)
                .withData("waiting", waiting)
                .withData("oldest_waiting", oldest == null ? "" : oldest.toString())
                .withData("last_finished", lastFinished == null ? "" : lastFinished.toString())
                .build();
    }
}
