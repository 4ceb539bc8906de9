package org.tracerelay.intake;

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
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.metrics.RelayMetrics;

/**
 * Every {@code trace.retention.rejected.interval}, on every node, trims what refused JMS messages
 * left ({@link RefusalStore}). Needs no turn: deleting old records and taking old dead letters
 * twice at once only splits the work.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RefusalRetention {

    private static final Logger LOG = Logger.getLogger(RefusalRetention.class.getName());

    @Resource
    TimerService timerService;

    @Inject
    RefusalStore store;

    @Inject
    RelayMetrics metrics;

    /** How long a refused message's record and its dead-letter copy are kept. */
    @Inject
    @ConfigProperty(name = "trace.retention.rejected", defaultValue = "P7D")
    Duration retention;

    /** Most refusal records kept (the newest); the dead-letter messages older than the oldest kept go too. */
    @Inject
    @ConfigProperty(name = "trace.retention.rejected.max", defaultValue = "100000")
    int maxRecords;

    @Inject
    @ConfigProperty(name = "trace.retention.rejected.interval", defaultValue = "PT10M")
    Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1000, interval.toMillis());
        timerService.createIntervalTimer(millis, millis, new TimerConfig("trace-relay-refusal-retention", false));
        metrics.gauge("trace_relay.rejected.stored", "{message}", "Refused JMS messages whose record is kept (rejected_task)",
                () -> store.stored());
    }

    @Timeout
    void purge(Timer timer) {
        try {
            RefusalStore.Trimmed trimmed = store.trimRecords(Instant.now().minus(retention), maxRecords);
            int deadLetters = store.purgeDeadLetters(trimmed.deadLettersBefore());
            metrics.purged("rejected_task", trimmed.records());
            metrics.purged("dead_letters", deadLetters);
            if (trimmed.records() + deadLetters > 0) {
                LOG.info(() -> "purged " + trimmed.records() + " refusal records and " + deadLetters
                        + " dead-letter messages older than " + trimmed.deadLettersBefore());
            }
        } catch (RuntimeException e) {
            // The database or broker may be briefly away; the next period tries again.
            LOG.log(Level.WARNING, "refusal retention failed: " + e);
        }
    }
}
