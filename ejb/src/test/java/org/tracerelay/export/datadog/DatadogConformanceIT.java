package org.tracerelay.export.datadog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.capture.Conformance;
import org.tracerelay.export.enterprise.Tasks;

/**
 * Datadog against ddtrace's LLM Observability SDK (capture/ddtrace_sdk.py). The SDK sends its own
 * JSON span events to the LLM Observability intake, the relay OpenTelemetry GenAI spans to the OTLP
 * trace intake, so the comparison is of meaning, through the attributes Datadog's OpenTelemetry
 * instrumentation page names: every field the SDK fills for an LLM call, a tool call, a workflow
 * and a failed step has its OTLP counterpart on the relay's span of the same kind, with the
 * SDK's value type (token counts as integers), and both carry the API key and the ml_app.
 */
class DatadogConformanceIT extends Conformance {

    /** An LLM Observability field to the GenAI attribute (or span part) that carries it over OTLP. */
    private static final Map<String, String> LLM = Map.of("input.messages", "gen_ai.input.messages",
            "output.messages", "gen_ai.output.messages", "model_name", "gen_ai.request.model",
            "model_provider", "gen_ai.provider.name");
    private static final Map<String, String> TOOL = Map.of("input.value", "gen_ai.tool.call.arguments",
            "output.value", "gen_ai.tool.call.result");
    private static final Map<String, String> WORKFLOW = Map.of("input.value", "gen_ai.input.messages",
            "output.value", "gen_ai.output.messages");
    private static final Map<String, String> METRICS = Map.of("input_tokens", "gen_ai.usage.input_tokens",
            "output_tokens", "gen_ai.usage.output_tokens");
    /** The GenAI operations Datadog reads as each LLM Observability span kind. */
    private static final Map<String, Set<String>> OPERATIONS = Map.of("llm", Set.of("chat", "completion"),
            "tool", Set.of("execute_tool"), "workflow", Set.of("workflow", "invoke_agent"));

    @Test
    void traceRelaySendsWhatDdtracesLlmObservabilityRecords() throws Exception {
        List<JsonObject> sdk = sdk("ddtrace_sdk.py");

        backend.answer(r -> FakeBackend.Answer.of(200, ""));
        DatadogExporter exporter = DatadogExporterTest.operatorPointedAt(backend.url());
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(DatadogExporterTest.datadog(null), List.of(new ExportItem("m", Tasks.message(""), at),
                new ExportItem("t", Tasks.tool("division by zero"), at), new ExportItem("w", Tasks.workflow("succeeded", ""), at)));
        List<JsonObject> ours = ours();

        JsonObject sdkRequest = Captured.request(sdk, "POST", "/api/v2/llmobs");
        JsonObject ourRequest = Captured.request(ours, "POST", "/v1/traces");
        assertEquals(sdkRequest.getJsonObject("headers").getString("dd-api-key"), ourRequest.getJsonObject("headers").getString("dd-api-key"));
        assertEquals("llmobs", ourRequest.getJsonObject("headers").getString("dd-otlp-source"));
        List<JsonObject> sdkSpans = sdkRequest.get("body") instanceof JsonArray events
                ? events.getValuesAs(JsonValue::asJsonObject).stream().flatMap(e -> e.getJsonArray("spans")
                        .getValuesAs(JsonValue::asJsonObject).stream()).toList()
                : sdkRequest.getJsonObject("body").getJsonArray("spans").getValuesAs(JsonValue::asJsonObject);
        JsonObject mlApp = ourRequest.getJsonObject("body").getJsonArray("resources").getJsonObject(0).getJsonObject("service.name");
        assertTrue(sdkSpans.get(0).getJsonArray("tags").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(t -> t.getString().equals("ml_app:" + mlApp.getString("value"))), "the ml_app is the service name");
        List<JsonObject> ourSpans = Captured.spans(ours);

        for (Map.Entry<String, Map<String, String>> kind : Map.of("llm", LLM, "tool", TOOL, "workflow", WORKFLOW).entrySet()) {
            JsonObject sdkSpan = sdkSpans.stream().filter(s -> s.getJsonObject("meta").getJsonObject("span").getString("kind")
                    .equals(kind.getKey())).findFirst().orElseThrow();
            // Dify names the conversation on workflows and messages; a tool call of a plain chat message has none
            JsonObject ourSpan = span(ourSpans, kind.getKey(), s -> OPERATIONS.get(kind.getKey()).contains(attribute(s, "gen_ai.operation.name"))
                    && attribute(s, "gen_ai.conversation.id") != null);
            kind.getValue().forEach((field, attribute) -> {
                if (present(sdkSpan.getJsonObject("meta"), field)) {
                    assertEquals("string_value", type(ourSpan, attribute), kind.getKey() + " " + field + " as " + attribute);
                }
            });
            sdkSpan.getJsonObject("metrics").keySet().stream().filter(METRICS::containsKey).forEach(metric ->
                    assertEquals("int_value", type(ourSpan, METRICS.get(metric)), kind.getKey() + " " + metric));
            if (sdkSpan.containsKey("session_id")) {
                assertEquals("string_value", type(ourSpan, "gen_ai.conversation.id"), kind.getKey() + " session");
            }
        }
        JsonObject sdkFailed = sdkSpans.stream().filter(s -> s.getString("status").equals("error")).findFirst().orElseThrow();
        assertTrue(sdkFailed.getJsonObject("meta").containsKey("error"));
        JsonObject ourFailed = span(ourSpans, "failed", s -> s.getJsonObject("status").getInt("code") == 2);
        assertEquals("division by zero", ourFailed.getJsonObject("status").getString("message"));
        ourSpans.forEach(s -> {
            assertHexId("trace id", s.getString("traceId"), 16);
            assertHexId("span id", s.getString("spanId"), 8);
        });
    }

    private static boolean present(JsonObject meta, String dotted) {
        JsonValue v = meta;
        for (String part : dotted.split("\\.")) {
            if (!(v instanceof JsonObject o) || !o.containsKey(part)) {
                return false;
            }
            v = o.get(part);
        }
        return v != JsonValue.NULL;
    }

    private static String attribute(JsonObject span, String key) {
        JsonObject a = span.getJsonObject("attributes").getJsonObject(key);
        return a == null || a.isNull("value") ? null : a.get("value") instanceof jakarta.json.JsonString s ? s.getString() : a.get("value").toString();
    }

    private static String type(JsonObject span, String key) {
        JsonObject a = span.getJsonObject("attributes").getJsonObject(key);
        return a == null ? "absent" : a.getString("type");
    }
}
