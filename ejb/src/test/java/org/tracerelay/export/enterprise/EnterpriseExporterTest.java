package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.UnreadableTask;
import org.tracerelay.export.otlp.OtlpChannel;
import org.tracerelay.export.otlp.OtlpSignal;

/** What the exporter sends per batch, against a recording channel. */
class EnterpriseExporterTest {

    record Sent(OtlpSignal signal, MessageLite request) {
    }

    static final class Recording implements OtlpChannel {
        final List<Sent> sent = new ArrayList<>();
        Function<OtlpSignal, ExportOutcome> answer = s -> ExportOutcome.delivered();

        @Override
        public ExportOutcome export(OtlpSignal signal, MessageLite request) {
            sent.add(new Sent(signal, request));
            return answer.apply(signal);
        }

        @Override
        public void close() {
        }
    }

    static EnterpriseExporter exporter(Recording channel, double rate) {
        EnterpriseSettings settings = new EnterpriseSettings(true, "http://collector:4318", Map.of(),
                EnterpriseSettings.Protocol.HTTP, true, "dify", rate, "host-1");
        EnterpriseExporter exporter = new EnterpriseExporter();
        exporter.telemetry = new EnterpriseTelemetry() {
            @Override
            public EnterpriseSettings settings() {
                return settings;
            }

            @Override
            public OtlpChannel channel() {
                return channel;
            }
        };
        return exporter;
    }

    static List<ExportItem> items() {
        return List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), Instant.EPOCH),
                new ExportItem("d2", Tasks.message(""), Instant.EPOCH));
    }

    @Test
    void spansThenLogsAndEveryItemDelivered() {
        Recording channel = new Recording();
        Map<String, ExportOutcome> outcomes = exporter(channel, 1.0).export(null, items());
        assertEquals(List.of(OtlpSignal.TRACES, OtlpSignal.LOGS), channel.sent.stream().map(Sent::signal).toList());
        assertEquals(Map.of("d1", ExportOutcome.delivered(), "d2", ExportOutcome.delivered()), outcomes);
        ExportLogsServiceRequest logs = (ExportLogsServiceRequest) channel.sent.get(1).request();
        assertEquals(5, logs.getResourceLogs(0).getScopeLogs(0).getLogRecordsCount());
        assertEquals("dify.enterprise", logs.getResourceLogs(0).getScopeLogs(0).getScope().getName());
    }

    @Test
    void samplingZeroSendsNoTraceRequestButAllLogs() {
        Recording channel = new Recording();
        exporter(channel, 0.0).export(null, items());
        assertEquals(List.of(OtlpSignal.LOGS), channel.sent.stream().map(Sent::signal).toList());
    }

    @Test
    void aRefusedSignalRetriesTheWholeBatch() {
        Recording channel = new Recording();
        channel.answer = s -> s == OtlpSignal.LOGS ? ExportOutcome.retry("http_503", "down", null) : ExportOutcome.delivered();
        Map<String, ExportOutcome> outcomes = exporter(channel, 1.0).export(null, items());
        assertTrue(outcomes.values().stream().allMatch(o -> o.kind() == ExportOutcome.Kind.RETRY));
    }

    @Test
    void unreadableTasksAreReportedThenDead() {
        Recording channel = new Recording();
        UnreadableTask bad = new UnreadableTask("d9", "task-9", Tasks.TENANT, "MessageTraceInfo", "payload cannot be opened");
        Map<String, ExportOutcome> outcomes = exporter(channel, 1.0).unreadable(null, List.of(bad));
        assertEquals("rehydration_failed", outcomes.get("d9").code());
        assertTrue(outcomes.get("d9").isDead());
        LogRecord r = ((ExportLogsServiceRequest) channel.sent.get(0).request()).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertEquals("dify.telemetry.rehydration_failed", r.getEventName());
        assertEquals("message", r.getAttributesList().stream().filter(kv -> kv.getKey().equals("dify.telemetry.payload_type"))
                .findFirst().orElseThrow().getValue().getStringValue());

        channel.answer = s -> ExportOutcome.retry("http_503", "down", null);
        assertEquals(ExportOutcome.Kind.RETRY, exporter(channel, 1.0).unreadable(null, List.of(bad)).get("d9").kind(),
                "the report is retried until the collector has it");
    }
}
