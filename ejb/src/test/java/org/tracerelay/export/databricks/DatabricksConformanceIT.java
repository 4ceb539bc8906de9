package org.tracerelay.export.databricks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
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
 * Databricks against mlflow-tracing with the databricks-sdk's auth (capture/databricks_sdk.py): the
 * same v3 trace create (path, bearer, content type, every trace_info field and metadata key the
 * SDK sets, token usage included) and the same spans document (span fields, the attributes of an
 * LLM, a tool and a failed span). Where the spans go differs: mlflow-tracing 3.17 writes them with
 * the workspace's Files API, the relay to the signed URL of {@code credentials-for-data-upload}
 * (what MLflow's TypeScript client does); the document is the same.
 */
class DatabricksConformanceIT extends Conformance {

    private static final String CREATE = "/api/3.0/mlflow/traces";
    /** What a local Python process adds about itself and its sizes; a relayed Dify trace has neither. */
    private static final Set<String> NOT_DIFYS = Set.of("mlflow.source.name", "mlflow.source.type", "mlflow.user",
            "mlflow.trace.sizeBytes", "mlflow.trace.sizeStats");

    @Test
    void traceRelayCreatesAndUploadsWhatMlflowTracingDoes() {
        List<JsonObject> sdk = sdk("databricks_sdk.py");

        backend.answer(r -> {
            if (r.target().equals(CREATE)) {
                return FakeBackend.Answer.json(200, r.text());
            }
            if (r.target().endsWith("/credentials-for-data-upload")) {
                String trace = r.target().split("/")[5];
                return FakeBackend.Answer.json(200, "{\"credential_info\":{\"signed_uri\":\"" + backend.url() + "/upload/" + trace
                        + "/traces.json?sig=abc\",\"type\":\"AZURE_SAS_URI\"}}");
            }
            return FakeBackend.Answer.of(201, "");
        });
        DatabricksExporter exporter = new DatabricksExporter(FakeBackend.http(), Clock.systemUTC(), Duration.ofSeconds(2));
        Destination d = new Destination("databricks/app", "databricks", Tasks.APP, Map.of("host", backend.url(),
                "experiment_id", "42", "personal_access_token", "dapi-123"));
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        exporter.export(d, List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), at)));
        List<JsonObject> ours = ours();

        JsonObject sdkCreate = Captured.request(sdk, "POST", CREATE);
        JsonObject ourCreate = Captured.request(ours, "POST", CREATE);
        assertSameRequest(sdkCreate, ourCreate, "authorization");
        JsonObject sdkInfo = info(sdkCreate);
        JsonObject ourInfo = info(ourCreate);
        Shapes.assertCovers("trace_info", sdkInfo, ourInfo, Set.of());
        Shapes.assertCovers("trace_metadata", sdkInfo.getJsonObject("trace_metadata"), ourInfo.getJsonObject("trace_metadata"),
                NOT_DIFYS);
        JsonObject usage = Json.createReader(new StringReader(ourInfo.getJsonObject("trace_metadata")
                .getString("mlflow.trace.tokenUsage"))).readObject();
        assertEquals(Shapes.fields(Json.createReader(new StringReader(sdkInfo.getJsonObject("trace_metadata")
                .getString("mlflow.trace.tokenUsage"))).readObject()), Shapes.fields(usage));
        assertEquals(205, usage.getInt("total_tokens"), "the LLM node's tokens, once");

        JsonObject ourUpload = Captured.request(ours, "PUT", "/upload/.*");
        assertEquals("BlockBlob", ourUpload.getJsonObject("headers").getString("x-ms-blob-type"));
        List<JsonObject> sdkSpans = spans(Captured.request(sdk, "PUT", "/api/2.0/fs/files/.*"));
        List<JsonObject> ourSpans = spans(ourUpload);
        for (String type : List.of("LLM", "TOOL", "CHAIN")) {
            JsonObject sdkSpan = byType(sdkSpans, type);
            JsonObject ourSpan = byType(ourSpans, type);
            Shapes.assertCovers(type + " span", sdkSpan, ourSpan, Set.of());
            Shapes.assertCovers(type + " span attributes", sdkSpan.getJsonObject("attributes"), ourSpan.getJsonObject("attributes"),
                    Set.of("mlflow.spanLogLevel"));
        }
        assertTrue(ourSpans.stream().allMatch(s -> s.getJsonObject("status").getString("code").startsWith("STATUS_CODE_")));
    }

    private static JsonObject info(JsonObject create) {
        return create.getJsonObject("body").getJsonObject("trace").getJsonObject("trace_info");
    }

    private static List<JsonObject> spans(JsonObject upload) {
        JsonValue body = upload.get("body");
        JsonObject doc = body instanceof JsonObject o ? o : Json.createReader(new StringReader(((jakarta.json.JsonString) body).getString()))
                .readObject();
        return doc.getJsonArray("spans").getValuesAs(JsonValue::asJsonObject);
    }

    private static JsonObject byType(List<JsonObject> spans, String type) {
        return spans.stream().filter(s -> s.getJsonObject("attributes").getString("mlflow.spanType", "").equals("\"" + type + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " span among " + spans.stream()
                        .map(s -> s.getString("name") + "=" + s.getJsonObject("attributes").getString("mlflow.spanType", "")).toList()));
    }
}
