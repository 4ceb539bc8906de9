package org.tracerelay.metrics;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.health.DeliveryProgress;
import org.tracerelay.outbox.BacklogFigures;

/**
 * Trace Relay's own metrics through MicroProfile Telemetry (exported when the server's
 * OpenTelemetry SDK is on): outcomes per provider, intake refusals, and per destination the
 * backlog and the age of its oldest waiting delivery, plus gauges registered by the drain.
 */
@ApplicationScoped
public class RelayMetrics {

    private static final Logger LOG = Logger.getLogger(RelayMetrics.class.getName());
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("destination");
    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("provider");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
    static final AttributeKey<String> STORE = AttributeKey.stringKey("store");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("rule");
    private static final Duration SNAPSHOT_TTL = Duration.ofSeconds(5);

    @Inject
    Instance<Meter> meters;

    @Inject
    BacklogFigures figures;

    @Inject
    DeliveryProgress progress;

    private Meter meter;
    private LongCounter deliveries;
    private LongCounter rejected;
    private LongCounter deferred;
    private LongCounter purged;
    private LongCounter pacedRequests;
    private LongCounter pacedMillis;
    private LongCounter redactions;
    private volatile Snapshot snapshot = new Snapshot(Instant.EPOCH, List.of());

    record Snapshot(Instant taken, List<BacklogFigures.DestinationBacklog> backlog) {
    }

    @PostConstruct
    void init() {
        if (!meters.isResolvable()) {
            LOG.info("no OpenTelemetry Meter available: Trace Relay's own metrics are off");
            return;
        }
        meter = meters.get();
        deliveries = meter.counterBuilder("trace_relay.deliveries").setUnit("{delivery}")
                .setDescription("Delivery attempts by outcome: delivered, retried, dead").build();
        rejected = meter.counterBuilder("trace_relay.intake.rejected").setUnit("{request}")
                .setDescription("Intake requests and JMS messages refused, by reason").build();
        deferred = meter.counterBuilder("trace_relay.intake.deferred").setUnit("{message}")
                .setDescription("JMS producers' messages put back on the queue, delayed, while their tenant is at its backlog quota").build();
        purged = meter.counterBuilder("trace_relay.rejected.purged").setUnit("{message}")
                .setDescription("Refusal records and dead-letter messages removed after trace.retention.rejected, by store").build();
        pacedRequests = meter.counterBuilder("trace_relay.intake.paced").setUnit("{request}")
                .setDescription("Intake requests answered more slowly because their apps' deliveries fall behind").build();
        pacedMillis = meter.counterBuilder("trace_relay.intake.paced_time").setUnit("ms")
                .setDescription("Time intake requests were slowed by, in all").build();
        redactions = meter.counterBuilder("trace_relay.redactions").setUnit("{value}")
                .setDescription("Values dropped, masked, hashed or replaced on their way out, by rule and provider").build();
        meter.gaugeBuilder("trace_relay.backlog").ofLongs().setUnit("{delivery}")
                .setDescription("Deliveries waiting, per destination")
                .buildWithCallback(m -> backlog().forEach(b -> m.record(b.waiting(), attributes(b))));
        meter.gaugeBuilder("trace_relay.backlog.oldest_age").setUnit("s")
                .setDescription("Age of the oldest waiting delivery, per destination")
                .buildWithCallback(m -> backlog().forEach(b -> m.record(
                        Duration.between(b.oldest(), Instant.now()).toMillis() / 1000.0, attributes(b))));
        meter.gaugeBuilder("trace_relay.delivery.stalled").ofLongs().setUnit("1")
                .setDescription("1 while deliveries wait and none finished for trace.health.stall")
                .buildWithCallback(m -> m.record(stalled()));
    }

    /** 1 while deliveries wait and none finished for trace.health.stall: the pipeline is stuck. */
    private long stalled() {
        try {
            return progress.now().stalled() ? 1 : 0;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** A gauge whose value only a part above this package knows (the drain's open breakers). */
    public void gauge(String name, String unit, String description, java.util.function.LongSupplier value) {
        if (meter != null) {
            meter.gaugeBuilder(name).ofLongs().setUnit(unit).setDescription(description)
                    .buildWithCallback(m -> m.record(value.getAsLong()));
        }
    }

    public void outcome(String provider, ExportOutcome.Kind kind) {
        if (deliveries != null) {
            String outcome = switch (kind) {
                case DELIVERED -> "delivered";
                case RETRY -> "retried";
                case DEAD -> "dead";
            };
            deliveries.add(1, Attributes.of(PROVIDER, provider, OUTCOME, outcome));
        }
    }

    public void rejected(String reason) {
        if (rejected != null) {
            rejected.add(1, Attributes.of(REASON, reason));
        }
    }

    public void deferred() {
        if (deferred != null) {
            deferred.add(1);
        }
    }

    /** {@code store}: rejected_task (refusal records) or dead_letters (TraceTasksDLQ's messages). */
    public void purged(String store, long count) {
        if (purged != null && count > 0) {
            purged.add(count, Attributes.of(STORE, store));
        }
    }

    /** {@code rule}: a built-in rule's name, or {@code pattern} for any of a tenant's own. */
    public void redacted(String provider, String rule, long count) {
        if (redactions != null && count > 0) {
            redactions.add(count, Attributes.of(PROVIDER, provider, RULE, rule));
        }
    }

    public void paced(long millis) {
        if (pacedRequests != null) {
            pacedRequests.add(1);
            pacedMillis.add(millis);
        }
    }

    private static Attributes attributes(BacklogFigures.DestinationBacklog b) {
        return Attributes.of(DESTINATION, b.destination(), PROVIDER, b.provider());
    }

    /** At most one query per 5 s however often the gauges are read. */
    private List<BacklogFigures.DestinationBacklog> backlog() {
        Snapshot s = snapshot;
        if (s.taken().plus(SNAPSHOT_TTL).isBefore(Instant.now())) {
            try {
                s = new Snapshot(Instant.now(), figures.backlogByDestination());
                snapshot = s;
            } catch (RuntimeException e) {
                return s.backlog();
            }
        }
        return s.backlog();
    }
}
