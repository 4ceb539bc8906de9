package org.tracerelay.export.enterprise;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.task.Timestamps;

/**
 * Sends the cumulative metric totals to the enterprise collector every
 * {@code trace.enterprise.metrics-interval}. Every node runs the timer; the node holding the
 * publisher lease folds the claims' deltas into the totals, then sends, so the collector sees
 * each series from one host at a time.
 */
@Singleton
@Startup
@DependsOn("SchemaMigrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MetricsPublisher {

    private static final Logger LOG = Logger.getLogger(MetricsPublisher.class.getName());
    private static final int FOLD_PAGE = 1000;
    /** Bounds one tick; deltas beyond it wait for the next one, still counted. */
    private static final int MAX_FOLD_PAGES = 100;

    @Resource
    TimerService timerService;

    @Inject
    EnterpriseTelemetry telemetry;

    @Inject
    MetricTally tally;

    @Inject
    MetricDeltaFolder folder;

    @Inject
    @ConfigProperty(name = "trace.enterprise.metrics-interval", defaultValue = "PT15S")
    Duration interval;

    private final String owner = System.getProperty("jboss.node.name", "node") + "/" + UUID.randomUUID();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String lastFailure;

    @PostConstruct
    void schedule() {
        if (telemetry.enabled()) {
            long millis = Math.max(100, interval.toMillis());
            timerService.createIntervalTimer(millis, millis, new TimerConfig("trace-relay-enterprise-metrics", false));
        }
    }

    @Timeout
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            Instant now = Instant.now();
            if (tally.leasePublisher(owner, now, now.plus(interval.multipliedBy(3)))) {
                foldDeltas(now);
                publish(tally.snapshot(), now);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "enterprise metrics publish failed, next interval tries again: " + e);
        } finally {
            running.set(false);
        }
    }

    private void foldDeltas(Instant now) {
        for (int page = 0; page < MAX_FOLD_PAGES; page++) {
            if (folder.foldOldest(FOLD_PAGE, now) < FOLD_PAGE) {
                return;
            }
        }
    }

    private void publish(List<SeriesSnapshot> series, Instant now) {
        if (series.isEmpty()) {
            return;
        }
        ExportOutcome outcome = telemetry.channel().export(OtlpSignal.METRICS, OtlpEncoder.metrics(
                telemetry.settings().resource(), EnterpriseTelemetry.SCOPE, series, Timestamps.nanos(now)));
        String failure = outcome.kind() == ExportOutcome.Kind.DELIVERED ? null : outcome.code();
        if (failure != null && !failure.equals(lastFailure)) {
            // Totals are cumulative: the next publish carries everything this one did.
            LOG.warning(() -> "enterprise collector refused metrics: " + outcome.code() + " " + outcome.detail());
        }
        lastFailure = failure;
    }
}
