package org.tracerelay.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the relay can read its database; an outage of a backend never makes it unlive. */
@Liveness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Override
    public HealthCheckResponse call() {
        try {
            em.createQuery("select count(a) from App a", Long.class).getSingleResult();
            return HealthCheckResponse.up("trace-relay-database");
        } catch (PersistenceException e) {
            return HealthCheckResponse.named("trace-relay-database").down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
