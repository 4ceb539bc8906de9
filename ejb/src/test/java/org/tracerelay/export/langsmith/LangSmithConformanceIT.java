package org.tracerelay.export.langsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.capture.Conformance;
import org.tracerelay.export.capture.Shapes;
import org.tracerelay.export.enterprise.Tasks;

/**
 * LangSmith against the langsmith SDK's capture (capture/langsmith_sdk.py: a self-hosted server under
 * {@code /api/v1}, an org-scoped key with its workspace): the same multipart endpoint, headers and
 * content type, the same parts per run, every field of a run's head part with its type, id formats.
 */
class LangSmithConformanceIT extends Conformance {

    private static final String RUNS = "/api/v1/runs/multipart";
    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String DOTTED = "\\d{8}T\\d{6}\\d{6}Z" + UUID + "(\\.\\d{8}T\\d{6}\\d{6}Z" + UUID + ")*";

    @Test
    void traceRelaySendsWhatTheLangSmithSdkSends() {
        List<JsonObject> sdk = sdk("langsmith_sdk.py");

        backend.answer(r -> FakeBackend.Answer.json(202, "{}"));
        LangSmithExporter exporter = LangSmithExporterTest.exporter();
        Destination d = new Destination("langsmith/app", "langsmith", Tasks.APP, Map.of("api_key", "lsv2_sk_key",
                "project", "dify", "endpoint", backend.url() + "/api/v1", "workspace_id", "ws-1"));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), at),
                new ExportItem("d2", Tasks.tool("division by zero"), at)));
        List<JsonObject> ours = ours();

        JsonObject sdkRequest = Captured.request(sdk, "POST", RUNS);
        JsonObject ourRequest = Captured.request(ours, "POST", RUNS);
        assertSameRequest(sdkRequest, ourRequest, "x-api-key", "x-tenant-id");

        List<JsonObject> sdkParts = sdkRequest.getJsonArray("body").getValuesAs(JsonValue::asJsonObject);
        List<JsonObject> ourParts = ours.stream().filter(r -> r.getString("path").equals(RUNS))
                .flatMap(r -> r.getJsonArray("body").getValuesAs(JsonValue::asJsonObject).stream()).toList();
        for (String kind : List.of("llm", "tool", "chain")) {
            // The SDK's tool run failed; so does the Dify tool call compared with it.
            boolean failed = kind.equals("tool");
            JsonObject sdkHead = head(sdkParts, kind, failed);
            JsonObject ourHead = head(ourParts, kind, failed);
            Shapes.assertCovers(kind + " run", sdkHead, ourHead, Set.of());
            assertEquals(suffixes(sdkParts, sdkHead.getString("id")).stream().filter(s -> !s.equals("serialized")).toList(),
                    suffixes(ourParts, ourHead.getString("id")).stream().filter(s -> !s.equals("serialized")).toList(),
                    "the parts of a " + kind + " run");
        }
        for (JsonObject part : ourParts) {
            assertEquals("application/json", part.getString("content_type"));
            if (part.getString("name").split("\\.").length == 2) {
                JsonObject run = part.getJsonObject("body");
                assertTrue(run.getString("id").matches(UUID), run.getString("id"));
                assertTrue(run.getString("dotted_order").matches(DOTTED), run.getString("dotted_order"));
            }
        }
    }

    /** The head part of the first run of this run_type that failed or not. */
    private static JsonObject head(List<JsonObject> parts, String runType, boolean failed) {
        return parts.stream().filter(p -> p.getString("name").split("\\.").length == 2)
                .map(p -> p.getJsonObject("body")).filter(run -> run.getString("run_type").equals(runType))
                .filter(run -> suffixes(parts, run.getString("id")).contains("error") == failed).findFirst()
                .orElseThrow(() -> new AssertionError("no " + runType + " run among " + parts.stream().map(p -> p.getString("name")).toList()));
    }

    /** The field parts a run has (inputs, outputs, extra, events, error, ...). */
    private static List<String> suffixes(List<JsonObject> parts, String id) {
        Set<String> out = new TreeSet<>();
        for (JsonObject p : parts) {
            String name = p.getString("name");
            if (name.startsWith("post." + id + ".")) {
                out.add(name.substring(("post." + id + ".").length()));
            }
        }
        return List.copyOf(out);
    }
}
