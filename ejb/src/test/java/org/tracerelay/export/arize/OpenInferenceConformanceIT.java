package org.tracerelay.export.arize;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.capture.Conformance;
import org.tracerelay.export.capture.Shapes;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.phoenix.PhoenixExporter;

/**
 * Arize and Phoenix against arize-otel and OpenInference's own attribute helpers
 * (capture/arize_sdk.py, OTLP/HTTP): the same path and content type, and on the LLM, tool and chain
 * spans every OpenInference attribute the SDK sets, with its type. Both providers send the spans
 * of one mapping (openinference.OpenInferenceSpans): Phoenix over OTLP/HTTP as compared here, Arize
 * the same request over OTLP/gRPC.
 */
class OpenInferenceConformanceIT extends Conformance {

    /** Flattened message lists: one key per message field, compared as a family. */
    private static final String[] FAMILIES = {"llm.input_messages", "llm.output_messages"};

    @Test
    void traceRelaySendsTheSpansArizeOtelAndOpenInferenceSend() {
        List<JsonObject> sdk = sdk("arize_sdk.py");

        backend.answer(r -> FakeBackend.Answer.of(200, ""));
        PhoenixExporter phoenix = new PhoenixExporter(new OtlpHttp(FakeBackend.http()), Duration.ofSeconds(2));
        Destination d = new Destination("phoenix/app", "phoenix", Tasks.APP, Map.of("api_key", "ak-1", "project", "dify",
                "endpoint", backend.url()));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        phoenix.export(d, List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), at),
                new ExportItem("d2", Tasks.tool("division by zero"), at)));
        List<JsonObject> ours = ours();

        assertSameRequest(Captured.request(sdk, "POST", "/v1/traces"), Captured.request(ours, "POST", "/v1/traces"), "api_key");
        List<JsonObject> sdkSpans = Captured.spans(sdk);
        List<JsonObject> ourSpans = Captured.spans(ours);
        for (String kind : List.of("LLM", "TOOL", "CHAIN")) {
            JsonObject sdkSpan = span(sdkSpans, kind, s -> kind(s).equals(kind));
            JsonObject ourSpan = span(ourSpans, kind, s -> kind(s).equals(kind));
            Shapes.assertCovers(kind + " span", folded(sdkSpan, FAMILIES), folded(ourSpan, FAMILIES), Set.of());
        }
        JsonObject failed = span(sdkSpans, "failed", s -> s.getJsonObject("status").getInt("code") == 2);
        JsonObject ourFailed = span(ourSpans, "failed", s -> s.getJsonObject("status").getInt("code") == 2);
        assertEquals(failed.getJsonObject("status").getString("message"), ourFailed.getJsonObject("status").getString("message"));
        ourSpans.forEach(s -> {
            assertHexId("trace id", s.getString("traceId"), 16);
            assertHexId("span id", s.getString("spanId"), 8);
        });
    }

    private static String kind(JsonObject span) {
        JsonObject kind = span.getJsonObject("attributes").getJsonObject("openinference.span.kind");
        return kind == null ? "" : kind.getString("value");
    }
}
