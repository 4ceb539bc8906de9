package org.tracerelay.delivery;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.DeliveryClaims;
import org.tracerelay.outbox.OutboxPurge;
import org.tracerelay.schema.SchemaMigrations;

/**
 * Every {@code trace.queue.manager.interval} seconds, starts a drain for each destination with pending
 * work that is not already being drained here. The timer is created at every start on every node
 * (not persistent), so it survives redeploys and restarts and needs no single owner: nodes share
 * the work through the ledger's row locks. Destinations drain in parallel, so a slow backend
 * holds up only its own deliveries.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DeliveryScheduler {

    private static final Logger LOG = Logger.getLogger(DeliveryScheduler.class.getName());
    private static final java.time.Duration PURGE_PERIOD = java.time.Duration.ofMinutes(10);

    @Resource
    TimerService timerService;

    /** The drain's own pool (server-config: TRACE_RELAY_DRAIN_THREADS), shared with nothing else. */
    @Resource(lookup = "java:jboss/ee/concurrency/executor/trace-relay-drain")
    ManagedExecutorService executor;

    @Inject
    DeliveryClaims claims;

    @Inject
    OutboxPurge purge;

    @Inject
    CircuitBreakers breakers;

    @Inject
    RelayMetrics metrics;

    @Inject
    DestinationDrainer drainer;

    @Inject
    @ConfigProperty(name = "trace.queue.manager.interval", defaultValue = "5")
    double intervalSeconds;

    /** How long delivered work is kept (listable under deliveries) before it is purged. */
    @Inject
    @ConfigProperty(name = "trace.retention.delivered", defaultValue = "P7D")
    java.time.Duration retention;

    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final String node = System.getProperty("jboss.node.name", "node") + "/" + java.util.UUID.randomUUID();
    private volatile Instant nextPurge = Instant.now().plusSeconds(60);

    @PostConstruct
    void schedule() {
        long intervalMillis = Math.max(100, Math.round(intervalSeconds * 1000));
        timerService.createIntervalTimer(intervalMillis, intervalMillis, new TimerConfig("trace-relay-delivery-drain", false));
        LOG.info(() -> "delivery drain every " + intervalMillis + " ms");
        metrics.gauge("trace_relay.breakers.open", "{destination}", "Destinations whose circuit breaker is open (shared by all nodes)",
                () -> breakers.openCount(Instant.now()));
    }

    @Timeout
    void tick(Timer timer) {
        try {
            purgeNowAndThen();
            for (String destination : claims.destinationsWithWork()) {
                if (draining.add(destination)) {
                    submit(destination);
                }
            }
        } catch (RuntimeException e) {
            // The database may be briefly away; the next tick tries again.
            LOG.log(Level.WARNING, "delivery drain tick failed: " + e);
        }
    }

    /** Every 10 minutes, by whichever node takes the turn first. */
    private void purgeNowAndThen() {
        Instant now = Instant.now();
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plusSeconds(60);
            if (!purge.takeTurn(node, now, now.plus(PURGE_PERIOD))) {
                return;
            }
            int removed = purge.purge(now.minus(retention));
            if (removed > 0) {
                LOG.info(() -> "purged " + removed + " delivered deliveries and finished tasks older than " + retention);
            }
        }
    }

    private void submit(String destination) {
        try {
            executor.submit(() -> {
                try {
                    drainer.drain(destination);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "draining " + destination + " failed, its batch is due again: " + e);
                } finally {
                    draining.remove(destination);
                }
            });
        } catch (RejectedExecutionException e) {
            draining.remove(destination);
        }
    }
}
