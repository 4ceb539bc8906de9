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
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.DeliveriesStored;
import org.tracerelay.outbox.DeliveryClaims;
import org.tracerelay.outbox.OutboxPurge;
import org.tracerelay.schema.SchemaMigrations;

/**
 * Every {@code trace.queue.manager.interval} seconds, starts a drain for each destination with pending
 * work that is not already being drained here. The timer is created at every start on every node
 * (not persistent), so it survives redeploys and restarts and needs no single owner: nodes share
 * the work through the ledger's row locks. Destinations drain in parallel, so a slow backend
 * holds up only its own deliveries. Between ticks, a destination this node stored a full batch for
 * is drained at once, a batch at a time, by at most {@code trace.delivery.early-drains} drains
 * ({@link DrainStarts}): the interval bounds latency instead of setting the pace, and the drain
 * no longer exports the interval's work in one burst beside intake.
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

    @Inject
    @ConfigProperty(name = "trace.queue.manager.batch.size", defaultValue = "100")
    int batchSize;

    /** Early drains at once on this node; by default half the cores, so intake keeps the other half. */
    @Inject
    @ConfigProperty(name = "trace.delivery.early-drains")
    java.util.Optional<Integer> earlyDrains;

    /** How long delivered work is kept (listable under deliveries) before it is purged. */
    @Inject
    @ConfigProperty(name = "trace.retention.delivered", defaultValue = "P7D")
    java.time.Duration retention;

    private DrainStarts starts;
    private final String node = System.getProperty("jboss.node.name", "node") + "/" + java.util.UUID.randomUUID();
    private volatile Instant nextPurge = Instant.now().plusSeconds(60);

    @PostConstruct
    void schedule() {
        starts = new DrainStarts(batchSize, earlyDrains.orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
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
                starts.tick(destination).ifPresent(this::submit);
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

    /**
     * After a message's rows committed on this node (never before: uncommitted rows cannot be
     * claimed, and a rolled-back message stored nothing). Runs on the listener's thread, so it
     * only decides and hands the drain to the executor.
     */
    public void stored(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveriesStored stored) {
        try {
            stored.perDestination().forEach((destination, rows) -> starts.stored(destination, rows).ifPresent(this::submit));
        } catch (RuntimeException e) {
            // Only a hint: the timer finds the rows anyway.
            LOG.log(Level.FINE, "early drain not started: " + e);
        }
    }

    private void submit(DrainStarts.Start start) {
        String destination = start.destination();
        try {
            executor.submit(() -> {
                int attempted = 0;
                try {
                    attempted = drainer.drain(destination, start.early() ? 1 : Integer.MAX_VALUE);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "draining " + destination + " failed, its batch is due again: " + e);
                } finally {
                    starts.finished(start, attempted).ifPresent(this::submit);
                }
            });
        } catch (RejectedExecutionException e) {
            starts.abandoned(start);
        }
    }
}
