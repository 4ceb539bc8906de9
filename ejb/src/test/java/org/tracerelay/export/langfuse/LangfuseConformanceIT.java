package org.tracerelay.export.langfuse;

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

/**
 * Langfuse v4 against the langfuse SDK's capture (capture/langfuse_sdk.py): the same endpoint,
 * method, content type, auth and ingestion-version headers, and per observation (root span,
 * generation, tool, failed span) every attribute the SDK sets, with its type, and its id formats.
 */
class LangfuseConformanceIT extends Conformance {

    /** Set by the SDK for its own deployment and context plumbing; a Dify trace has no counterpart. */
    private static final Set<String> NOT_DIFY = Set.of("langfuse.environment", "langfuse.internal.as_root",
            "langfuse.internal.is_app_root");
    private static final String[] FAMILIES = {"langfuse.observation.metadata", "langfuse.trace.metadata"};

    @Test
    void traceRelaySendsWhatTheLangfuseSdkSends() {
        List<JsonObject> sdk = sdk("langfuse_sdk.py");

        backend.answer(LangfuseV4.server());
        LangfuseExporter exporter = LangfuseV4.exporter();
        Destination d = new Destination("langfuse/app", "langfuse", Tasks.APP,
                Map.of("public_key", "pk-lf", "secret_key", "sk-lf", "host", backend.url()));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("failed", "boom"), at)));
        List<JsonObject> ours = ours();

        assertSameRequest(Captured.request(sdk, "POST", LangfuseOtel.PATH), Captured.request(ours, "POST", LangfuseOtel.PATH),
                "authorization", "x-langfuse-ingestion-version");

        List<JsonObject> sdkSpans = Captured.spans(sdk);
        List<JsonObject> ourSpans = Captured.spans(ours);
        compare("root observation", span(sdkSpans, "root", s -> s.getString("name").equals("message")),
                span(ourSpans, "root", s -> s.getString("parentSpanId").isEmpty()));
        compare("generation", span(sdkSpans, "generation", s -> type(s).equals("generation")),
                span(ourSpans, "generation", s -> type(s).equals("generation")));
        compare("tool", span(sdkSpans, "tool", s -> type(s).equals("tool")), span(ourSpans, "tool", s -> type(s).equals("tool")));
        JsonObject sdkFailed = span(sdkSpans, "failed", s -> s.getJsonObject("status").getInt("code") == 2);
        JsonObject ourFailed = span(ourSpans, "failed", s -> s.getJsonObject("status").getInt("code") == 2);
        compare("failed span", sdkFailed, ourFailed);
        assertEquals(type(sdkFailed), type(ourFailed));

        for (JsonObject s : ourSpans) {
            assertHexId("trace id", s.getString("traceId"), 16);
            assertHexId("span id", s.getString("spanId"), 8);
        }
    }

    private static void compare(String what, JsonObject sdk, JsonObject ours) {
        Shapes.assertCovers(what, folded(sdk, FAMILIES), folded(ours, FAMILIES), NOT_DIFY);
        assertHexId("SDK trace id", sdk.getString("traceId"), 16);
    }

    private static String type(JsonObject span) {
        JsonObject t = span.getJsonObject("attributes").getJsonObject(LangfuseSpans.TYPE);
        return t == null ? "" : t.getString("value");
    }
}
