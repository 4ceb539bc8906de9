package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tracerelay.domain.telemetry.MetricDelta;
import org.tracerelay.domain.telemetry.MetricSeries;
import org.tracerelay.domain.telemetry.SeriesAmount;
import org.tracerelay.task.TaskEnvelope;

/** Claims append deltas; folding them gives the same totals however the tasks were batched. */
class MetricTallyTest {

    static final Instant CLAIMED = Instant.parse("2026-11-21T10:00:00Z");
    static final Instant FOLDED = CLAIMED.plusSeconds(15);

    static List<Measurement> measurements(TaskEnvelope... tasks) {
        List<Measurement> all = new ArrayList<>();
        for (TaskEnvelope task : tasks) {
            all.addAll(TelemetryProjection.of(task, CLAIMED, new ContentGate(false)).measurements());
        }
        return all;
    }

    /** What the publisher's folds leave in the series rows, as amounts per series key. */
    static Map<String, SeriesAmount> fold(List<MetricDelta> deltas) {
        Map<String, MetricSeries> rows = new TreeMap<>();
        MetricDeltaFolder.bySeries(deltas).forEach((key, ofSeries) -> MetricDeltaFolder.addAll(ofSeries,
                rows.computeIfAbsent(key, k -> MetricSeries.startedBy(ofSeries.get(0), Tasks.TENANT)), FOLDED));
        Map<String, SeriesAmount> amounts = new TreeMap<>();
        rows.forEach((key, row) -> amounts.put(key, row.amount()));
        return amounts;
    }

    @Test
    void aBatchAppendsOneDeltaPerSeries() {
        List<Measurement> batch = measurements(Tasks.workflow("succeeded", ""), Tasks.workflow("failed", "boom"));
        List<MetricDelta> deltas = MetricTally.deltas(batch, CLAIMED);
        SeriesTotals totals = SeriesTotals.of(batch);
        assertEquals(totals.byKey().keySet(), MetricDeltaFolder.bySeries(deltas).keySet());
        assertEquals(totals.byKey().size(), deltas.size());
        for (MetricDelta delta : deltas) {
            assertEquals(totals.byKey().get(delta.getSeriesKey()).amount(), delta.amount());
            assertEquals(CLAIMED, delta.getRecordedAt());
        }
        SeriesAmount requests = deltas.stream().filter(d -> d.getName().equals("dify.requests.total")
                && d.getLabels().contains("\"type\":\"workflow\"") && d.getLabels().contains("\"succeeded\""))
                .findFirst().orElseThrow().amount();
        assertEquals(1.0, requests.sum(), "one succeeded run in this batch");
    }

    @Test
    void totalsAreTheSameWhicheverNodeClaimsWhichTasks() {
        TaskEnvelope[] tasks = {Tasks.workflow("succeeded", ""), Tasks.workflow("failed", "boom"), Tasks.message(""),
                Tasks.tool("timeout"), Tasks.nestedWorkflow(), Tasks.workflow("succeeded", "")};
        Map<String, SeriesAmount> oneBatch = fold(MetricTally.deltas(measurements(tasks), CLAIMED));

        // Node A and node B drain the destination in parallel, each batch appending its own deltas.
        List<MetricDelta> interleaved = new ArrayList<>();
        interleaved.addAll(MetricTally.deltas(measurements(tasks[0], tasks[3]), CLAIMED));
        interleaved.addAll(MetricTally.deltas(measurements(tasks[1], tasks[2], tasks[5]), CLAIMED.plusMillis(1)));
        interleaved.addAll(MetricTally.deltas(measurements(tasks[4]), CLAIMED.plusMillis(2)));
        Map<String, SeriesAmount> threeBatches = fold(interleaved);

        assertEquals(oneBatch, threeBatches);
        SeriesAmount succeededRuns = oneBatch.get(SeriesTotals.key("dify.requests.total", SeriesTotals.labelsJson(
                Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "workflow", "tenant_id", Tasks.TENANT,
                        "app_id", Tasks.APP, "status", "succeeded", "invoke_from", "app-run").labels())));
        assertEquals(3.0, succeededRuns.sum(), "two outer runs and the nested one");
        assertEquals(3, succeededRuns.count());
        SeriesAmount nodeDurations = oneBatch.get(SeriesTotals.key("dify.node.duration", SeriesTotals.labelsJson(
                Measurement.of(Instrument.NODE_DURATION, 0, "tenant_id", Tasks.TENANT, "app_id", Tasks.APP,
                        "node_type", "llm", "model_provider", "openai").labels())));
        assertEquals(4, nodeDurations.count(), "one LLM node in each of the four runs");
        assertEquals(4, nodeDurations.buckets()[Instrument.bucketOf(0.5)]);
        assertEquals(0.5, nodeDurations.min());
        assertEquals(0.5, nodeDurations.max());
    }

    @Test
    void folding2BatchesInEitherOrderGivesTheSameTotals() {
        List<MetricDelta> first = MetricTally.deltas(measurements(Tasks.workflow("succeeded", "")), CLAIMED);
        List<MetricDelta> second = MetricTally.deltas(measurements(Tasks.workflow("failed", "boom")), CLAIMED);
        List<MetricDelta> forwards = new ArrayList<>(first);
        forwards.addAll(second);
        List<MetricDelta> backwards = new ArrayList<>(second);
        backwards.addAll(first);
        assertEquals(fold(forwards), fold(backwards));
    }
}
