package org.tracerelay.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while this node can accept work: its broker takes a connection (intake enqueues there) and
 * its database answers. The backlog is data, never the status: a tenant at its backlog quota is
 * refused by intake (429) while the others are served, and taking every node out of the load
 * balancer would refuse them too. Whether a tenant's backend is up is not this node's readiness
 * either (see {@link DeliveryProgress}).
 */
@Readiness
@ApplicationScoped
public class IntakeReadinessCheck implements HealthCheck {

    @Inject
    DeliveryProgress progress;

    /** Not the pooled factory: a pooled connection can answer from the pool without the broker. */
    @Resource(lookup = "java:/ConnectionFactory")
    ConnectionFactory broker;

    /** The relay's login on a standalone broker (remote-broker.cli); the embedded one needs none. */
    @Inject
    @ConfigProperty(name = "trace.broker.user")
    Optional<String> brokerUser;

    @Inject
    @ConfigProperty(name = "trace.broker.password")
    Optional<String> brokerPassword;

    @Override
    public HealthCheckResponse call() {
        try (JMSContext probe = brokerUser.isPresent()
                ? broker.createContext(brokerUser.get(), brokerPassword.orElse(""))
                : broker.createContext()) {
            probe.getMetaData();
        } catch (JMSRuntimeException e) {
            return HealthCheckResponse.named("trace-relay-intake").down().withData("broker", "down")
                    .withData("error", e.getClass().getSimpleName()).build();
        }
        try {
            long waiting = progress.backlog().waiting();
            return HealthCheckResponse.named("trace-relay-intake").up().withData("broker", "up")
                    .withData("backlog", waiting).build();
        } catch (PersistenceException e) {
            return HealthCheckResponse.named("trace-relay-intake").down().withData("broker", "up")
                    .withData("database", "down").withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
