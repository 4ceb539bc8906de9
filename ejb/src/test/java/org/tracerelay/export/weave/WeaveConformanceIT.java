package org.tracerelay.export.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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

/**
 * Weave against the weave SDK's capture (capture/weave_sdk.py: weave.init on a project W&B does
 * not have yet, then calls): the same W&B GraphQL steps before any call (project, then
 * upsertModel), the same calls/complete path, headers and content type, every field of a call
 * with its type, and usage and status counts in the summary.
 */
class WeaveConformanceIT extends Conformance {

    private static final String COMPLETE = "/v2/dify-team/dify-project/calls/complete";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    /** What the SDK has and a Dify run cannot: the W&B run a call was logged in, an OpenTelemetry dump of a span it never had. */
    private static final Set<String> NOT_DIFYS = Set.of("wb_run_id", "wb_run_step", "wb_run_step_end", "otel_dump");

    @Test
    void traceRelaySendsWhatTheWeaveSdkSends() {
        List<JsonObject> sdk = sdk("weave_sdk.py");

        backend.answer(r -> {
            if (!r.target().equals("/graphql")) {
                return FakeBackend.Answer.json(200, "{}");
            }
            String query = WeaveExporterTest.json(r).getString("query");
            return FakeBackend.Answer.json(200, query.startsWith("mutation UpsertModel")
                    ? "{\"data\":{\"upsertModel\":{\"model\":{\"name\":\"dify-project\"}}}}"
                    : query.startsWith("query Project") ? "{\"data\":{\"project\":null}}"
                    : "{\"data\":{\"viewer\":{\"entity\":\"dify-team\"}}}");
        });
        WeaveExporter exporter = new WeaveExporter(FakeBackend.http(), Duration.ofSeconds(2));
        Destination d = new Destination("weave/app", "weave", Tasks.APP, Map.of("api_key", "wk-1wk-1wk-1wk-1wk-1wk-1wk-1wk-1wk-1wk-1",
                "project", "dify-team/dify-project", "endpoint", backend.url(), "host", backend.url()));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), at),
                new ExportItem("d2", Tasks.tool("division by zero"), at)));
        List<JsonObject> ours = ours();

        assertEquals(graphqlSteps(sdk), graphqlSteps(ours).subList(0, graphqlSteps(sdk).size()),
                "the project is asked for, then created, before any call");
        assertSameRequest(Captured.request(sdk, "POST", COMPLETE), Captured.request(ours, "POST", COMPLETE), "authorization");

        List<JsonObject> sdkCalls = calls(sdk);
        List<JsonObject> ourCalls = calls(ours);
        JsonObject sdkLlm = call(sdkCalls, "llm");
        JsonObject ourLlm = ourCalls.stream().filter(c -> c.getJsonObject("summary").containsKey("usage")
                && c.get("parent_id") != JsonValue.NULL && c.getString("op_name").equals("LLM")).findFirst().orElseThrow();
        covers("llm call", sdkLlm, ourLlm);
        Shapes.assertCovers("llm summary", sdkLlm.getJsonObject("summary"), ourLlm.getJsonObject("summary"), Set.of());
        JsonObject sdkUsage = sdkLlm.getJsonObject("summary").getJsonObject("usage").getJsonObject("gpt-4o");
        JsonObject ourUsage = ourLlm.getJsonObject("summary").getJsonObject("usage").getJsonObject("gpt-4");
        Shapes.assertCovers("usage", sdkUsage, ourUsage, Set.of());

        JsonObject sdkFailed = call(sdkCalls, "code");
        JsonObject ourFailed = ourCalls.stream().filter(c -> c.get("exception") instanceof jakarta.json.JsonString).findFirst().orElseThrow();
        covers("failed call", sdkFailed, ourFailed);
        covers("root call", call(sdkCalls, "message"), ourCalls.get(0));
        // The SDK rolls its calls' usage up into the root's summary: the trace list shows the turn's tokens there.
        assertTrue(call(sdkCalls, "message").getJsonObject("summary").containsKey("usage"));
        assertTrue(ourCalls.get(0).getJsonObject("summary").containsKey("usage"), "the root call's summary: " + ourCalls.get(0));
        ourCalls.forEach(c -> {
            assertTrue(c.getString("id").matches(UUID), c.getString("id"));
            assertTrue(c.getString("trace_id").matches(UUID), c.getString("trace_id"));
        });
    }

    /**
     * Every field of the SDK's call is in ours with its type; a field the SDK left null (no display
     * name given, no thread, no error) is one ours must have, of any type.
     */
    private static void covers(String what, JsonObject sdk, JsonObject ours) {
        Map<String, String> expected = new java.util.TreeMap<>(Shapes.fields(sdk));
        Map<String, String> actual = Shapes.fields(ours);
        expected.replaceAll((k, type) -> type.equals("null") && actual.containsKey(k) ? actual.get(k) : type);
        Shapes.assertCovers(what, expected, actual, NOT_DIFYS);
    }

    /** The GraphQL operations in order, by their first word and name. */
    private static List<String> graphqlSteps(List<JsonObject> captured) {
        return captured.stream().filter(r -> r.getString("path").equals("/graphql"))
                .map(r -> r.getJsonObject("body").getString("query").trim().split("[({]")[0].trim())
                .filter(step -> !step.startsWith("query DefaultEntity") && !step.startsWith("query {") && !step.isEmpty()).toList();
    }

    private static List<JsonObject> calls(List<JsonObject> captured) {
        return captured.stream().filter(r -> r.getString("path").endsWith("/calls/complete"))
                .flatMap(r -> r.getJsonObject("body").getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()).toList();
    }

    private static JsonObject call(List<JsonObject> calls, String name) {
        return calls.stream().filter(c -> c.getString("display_name", c.getString("op_name")).contains(name)
                || c.getString("op_name").contains("/op/" + name + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " call among " + calls.stream().map(c -> c.getString("op_name")).toList()));
    }
}
