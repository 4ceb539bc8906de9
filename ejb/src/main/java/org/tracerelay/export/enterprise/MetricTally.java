package org.tracerelay.export.enterprise;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.domain.telemetry.MetricDelta;
import org.tracerelay.domain.telemetry.MetricSeries;
import org.tracerelay.domain.telemetry.TelemetryLease;
import org.tracerelay.export.FirstClaims;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.json.JsonText;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * The enterprise metrics' running totals in the database. Tasks are counted in the transaction
 * that first claims their enterprise delivery, so a task is counted exactly once however often
 * its export is retried and across restarts. The claim only appends deltas (it holds its
 * transaction through the export, and must not hold shared rows that long); the publisher folds
 * them into the totals ({@link MetricDeltaFolder}). The published values are cumulative, so a
 * publish that fails or repeats never changes a total either.
 */
@Stateless
public class MetricTally {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(MetricTally.class.getName());
    private static final ContentGate NO_CONTENT = new ContentGate(false);

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** The outbox's first claims of enterprise deliveries, counted in the claiming transaction. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void onFirstClaims(@Observes FirstClaims claims) {
        if (EnterpriseTelemetry.DESTINATION.equals(claims.destination())) {
            count(claims.tasks(), claims.claimedAt());
        }
    }

    /** Adds the measurements of these tasks; unreadable ones are left to the rehydration report. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void count(List<FirstClaims.Task> firstClaims, Instant now) {
        List<Measurement> measurements = new ArrayList<>();
        for (FirstClaims.Task c : firstClaims) {
            envelope(c).ifPresent(task -> {
                try {
                    measurements.addAll(TelemetryProjection.of(task, c.receivedAt(), NO_CONTENT).measurements());
                } catch (RuntimeException poison) {
                    // A task the projection cannot read must not roll back its batch-mates' claim;
                    // its export fails on its own (BatchBisection) with the same cause.
                    LOG.warning(() -> "task " + c.taskId() + " not counted: " + poison);
                }
            });
        }
        deltas(measurements, now).forEach(em::persist);
    }

    /** A batch's share of each series it touches, one delta per series. */
    static List<MetricDelta> deltas(List<Measurement> measurements, Instant now) {
        return SeriesTotals.of(measurements).byKey().entrySet().stream().map(e -> new MetricDelta(e.getKey(),
                e.getValue().instrument().metricName(), e.getValue().labelsJson(), e.getValue().amount(), now)).toList();
    }

    /** Every series with its total so far. */
    public List<SeriesSnapshot> snapshot() {
        List<SeriesSnapshot> out = new ArrayList<>();
        for (MetricSeries s : em.createQuery("select s from MetricSeries s order by s.name, s.labels", MetricSeries.class)
                .getResultList()) {
            Instrument.named(s.getName()).ifPresent(i -> out.add(new SeriesSnapshot(i.metricName(), i.unit(),
                    i.description(), i.kind() == Instrument.Kind.HISTOGRAM, i.kind() == Instrument.Kind.COUNTER,
                    labels(s.getLabels()), s.getTotal(), s.getSampleCount(), s.bucketCounts(), Instrument.BOUNDS,
                    s.getMinValue(), s.getMaxValue(), Timestamps.nanos(s.getStartTime()))));
        }
        return out;
    }

    /** Takes or renews the publisher lease; false while another node holds it. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean leasePublisher(String owner, Instant now, Instant until) {
        return em.createNamedQuery(TelemetryLease.ACQUIRE).setParameter("name", TelemetryLease.METRICS)
                .setParameter("owner", owner).setParameter("until", until).setParameter("now", now)
                .executeUpdate() == 1;
    }

    private static Optional<TaskEnvelope> envelope(FirstClaims.Task c) {
        if (c.envelopeJson() == null) {
            return Optional.empty();
        }
        try {
            return TaskEnvelope.fromStored((JsonObject) JsonText.parse(c.envelopeJson()));
        } catch (JsonException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static Map<String, String> labels(String json) {
        Map<String, String> labels = new LinkedHashMap<>();
        try (JsonReader r = Jsonp.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            o.forEach((k, v) -> labels.put(k, o.getString(k, "")));
        }
        return labels;
    }
}
