package org.tracerelay.export.opik;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.capture.Conformance;
import org.tracerelay.export.capture.Shapes;
import org.tracerelay.export.enterprise.Tasks;

/**
 * Opik against the opik SDK's capture (capture/opik_sdk.py): the same batch endpoints, auth and
 * workspace headers, content type; every field of a trace and of an LLM, tool and failed span that
 * the SDK sends, with its type; UUIDv7 ids.
 */
class OpikConformanceIT extends Conformance {

    /** The SDK's write bookkeeping (which client wrote, and when it last changed the object): no Dify counterpart. */
    private static final Set<String> SDK_ONLY = Set.of("source", "last_updated_at");
    private static final String UUID7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Test
    void traceRelaySendsWhatTheOpikSdkSends() {
        List<JsonObject> sdk = sdk("opik_sdk.py");

        backend.answer(r -> FakeBackend.Answer.json(204, ""));
        OpikExporter exporter = new OpikExporter();
        exporter.http = FakeBackend.http();
        exporter.checkTimeout = Duration.ofSeconds(2);
        exporter.clock = Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC);
        Destination d = new Destination("opik/app", "opik", Tasks.APP, Map.of("api_key", "opik-key", "workspace", "dify-ws",
                "project", "dify", "url", backend.url() + "/api/"));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("failed", "boom"), at)));
        List<JsonObject> ours = ours();

        for (String kind : List.of("traces", "spans")) {
            String path = "/api/v1/private/" + kind + "/batch";
            assertSameRequest(Captured.request(sdk, "POST", path), Captured.request(ours, "POST", path), "authorization", "comet-workspace");
        }
        Shapes.assertCovers("trace", objects(sdk, "traces", o -> true), objects(ours, "traces", o -> true), SDK_ONLY);
        Shapes.assertCovers("llm span", objects(sdk, "spans", o -> o.getString("type").equals("llm")),
                objects(ours, "spans", o -> o.getString("type").equals("llm")), SDK_ONLY);
        Shapes.assertCovers("tool span", objects(sdk, "spans", o -> o.getString("type").equals("tool")),
                objects(ours, "spans", o -> o.getString("type").equals("tool")), SDK_ONLY);
        Shapes.assertCovers("failed span", objects(sdk, "spans", o -> o.containsKey("error_info")),
                objects(ours, "spans", o -> o.containsKey("error_info")), SDK_ONLY);

        for (String kind : List.of("traces", "spans")) {
            for (JsonObject o : all(ours, kind)) {
                assertTrue(o.getString("id").matches(UUID7), kind + " id " + o.getString("id"));
                if (o.containsKey("trace_id")) {
                    assertTrue(o.getString("trace_id").matches(UUID7), o.getString("trace_id"));
                }
            }
        }
    }

    private static List<JsonObject> all(List<JsonObject> requests, String kind) {
        return requests.stream().filter(r -> r.getString("path").endsWith("/" + kind + "/batch"))
                .flatMap(r -> r.getJsonObject("body").getJsonArray(kind).getValuesAs(JsonValue::asJsonObject).stream()).toList();
    }

    private static JsonObject objects(List<JsonObject> requests, String kind, Predicate<JsonObject> which) {
        return all(requests, kind).stream().filter(which).findFirst()
                .orElseThrow(() -> new AssertionError("no such " + kind + " among " + all(requests, kind)));
    }
}
