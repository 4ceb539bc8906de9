package org.tracerelay.export.enterprise;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.TraceExporter;
import org.tracerelay.export.UnreadableTask;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.task.Timestamps;
import org.tracerelay.task.TraceInfoType;

/**
 * Spans (sampled by trace id) and logs (always) of each batch to the enterprise collector. An
 * item is delivered when both requests were accepted; metrics travel separately, from the
 * database totals ({@link MetricsPublisher}).
 */
@ApplicationScoped
public class EnterpriseExporter implements TraceExporter {

    @Inject
    EnterpriseTelemetry telemetry;

    @Override
    public String provider() {
        return EnterpriseTelemetry.DESTINATION;
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        EnterpriseSettings settings = telemetry.settings();
        ContentGate gate = settings.gate();
        return BatchBisection.send(items, part -> {
            List<SpanRecord> spans = new ArrayList<>();
            List<TelemetryLog> logs = new ArrayList<>();
            for (ExportItem item : part) {
                TaskTelemetry t = TelemetryProjection.of(item.task(), item.receivedAt(), gate);
                t.spans().stream().filter(s -> Sampling.keep(s.traceId(), settings.samplingRate())).forEach(spans::add);
                logs.addAll(t.logs());
            }
            return send(settings, spans, logs);
        });
    }

    /** Each unreadable task is reported with {@code dify.telemetry.rehydration_failed}, then dead. */
    @Override
    public Map<String, ExportOutcome> unreadable(Destination destination, List<UnreadableTask> tasks) {
        Instant now = Instant.now();
        List<TelemetryLog> logs = tasks.stream().map(t -> LifecycleTelemetry.rehydrationFailed(t.tenantId(), t.reason(),
                TraceInfoType.named(t.traceInfoType()).orElse(null), t.taskId(), now)).toList();
        ExportOutcome sent = send(telemetry.settings(), List.of(), logs);
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        for (UnreadableTask t : tasks) {
            outcomes.put(t.deliveryId(), sent.kind() == ExportOutcome.Kind.RETRY ? sent
                    : ExportOutcome.dead("rehydration_failed", t.reason()));
        }
        return outcomes;
    }

    private ExportOutcome send(EnterpriseSettings settings, List<SpanRecord> spans, List<TelemetryLog> logs) {
        Map<String, Object> resource = settings.resource();
        if (!spans.isEmpty()) {
            ExportOutcome traces = telemetry.channel().export(OtlpSignal.TRACES,
                    OtlpEncoder.traces(resource, EnterpriseTelemetry.SCOPE, spans));
            if (traces.kind() != ExportOutcome.Kind.DELIVERED) {
                return traces;
            }
        }
        if (logs.isEmpty()) {
            return ExportOutcome.delivered();
        }
        return telemetry.channel().export(OtlpSignal.LOGS,
                OtlpEncoder.logs(resource, EnterpriseTelemetry.SCOPE, logs, Timestamps.nanos(Instant.now())));
    }

    /** The collector takes an empty export; it proves the endpoint and headers. */
    @Override
    public ExportOutcome verify(Destination destination) {
        return telemetry.channel().export(OtlpSignal.TRACES,
                OtlpEncoder.traces(telemetry.settings().resource(), EnterpriseTelemetry.SCOPE, List.of()));
    }

    @Override
    public Optional<String> projectUrl(Destination destination) {
        return Optional.empty();
    }
}
