package org.tracerelay.export.mlflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.span.RedactedTasks;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * MLflow against an in-JVM tracking server that speaks its wire: OTLP/HTTP protobuf at
 * {@code /v1/traces} with the experiment header, {@code experiments/get} for the check.
 */
class MlflowExporterTest {

    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");

    FakeBackend mlflow;
    MlflowExporter exporter;

    @BeforeEach
    void start() throws Exception {
        mlflow = new FakeBackend();
        exporter = new MlflowExporter(FakeBackend.http(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        mlflow.close();
    }

    Destination at(String trackingUri) {
        return new Destination("mlflow/app", "mlflow", Tasks.APP,
                Map.of("tracking_uri", trackingUri, "experiment_id", "7", "username", "alice", "password", "s3cret"));
    }

    Destination mlflow() {
        return at(mlflow.url());
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, RECEIVED);
    }

    ExportTraceServiceRequest request(int i) throws Exception {
        return ExportTraceServiceRequest.parseFrom(mlflow.requests().get(i).body());
    }

    static List<Span> spans(ExportTraceServiceRequest r) {
        return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    static Map<String, Span> byName(ExportTraceServiceRequest r) {
        return spans(r).stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
    }

    static String attr(Span s, String key) {
        return s.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().getStringValue()).orElse(null);
    }

    /** An mlflow.* attribute as MLflow reads it back: JSON text. */
    static JsonValue json(Span s, String key) {
        String text = attr(s, key);
        return text == null ? null : Json.createReader(new StringReader(text)).readValue();
    }

    static String type(Span s) {
        return Json.createReader(new StringReader(attr(s, "mlflow.spanType"))).readValue().toString().replace("\"", "");
    }

    static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static ByteString spanId(String runId) {
        return ByteString.copyFrom(TraceIds.spanId(runId));
    }

    @Test
    void aWorkflowWithItsMessageBecomesOneMlflowTrace() throws Exception {
        Map<String, ExportOutcome> out = exporter.export(at(mlflow.url() + "/mlflow/"), List.of(item("d1", Tasks.workflow("succeeded", ""))));

        assertEquals(Map.of("d1", ExportOutcome.delivered()), out);
        FakeBackend.Request r = mlflow.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/mlflow/v1/traces", r.target(), "a tracking URI path is kept");
        assertEquals("application/x-protobuf", r.headers().get("content-type"), "MLflow refuses any other content type");
        assertEquals("7", r.headers().get("x-mlflow-experiment-id"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
                r.headers().get("authorization"));

        ExportTraceServiceRequest req = request(0);
        assertEquals("dify", req.getResourceSpans(0).getResource().getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue().getStringValue());
        assertEquals("dify.ops", req.getResourceSpans(0).getScopeSpans(0).getScope().getName());
        Map<String, Span> spans = byName(req);
        assertEquals(Map.of("message", "CHAIN", "workflow", "CHAIN", "LLM", "LLM", "TOOL", "TOOL", "KNOWLEDGE-RETRIEVAL", "RETRIEVER"),
                spans.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> type(e.getValue()))));

        Span message = spans.get("message");
        Span workflow = spans.get("workflow");
        Span llm = spans.get("LLM");
        for (Span s : spans.values()) {
            assertArrayEquals(TraceIds.traceId(Tasks.MESSAGE), s.getTraceId().toByteArray(), "one trace, from the message id");
            assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, s.getKind());
            assertEquals(Tasks.CONVERSATION, attr(s, "session.id"), "MLflow's trace session");
            assertEquals("u-1", attr(s, "user.id"), "MLflow's trace user");
        }
        assertEquals(spanId(Tasks.MESSAGE), message.getSpanId());
        assertTrue(message.getParentSpanId().isEmpty(), "the message is the root");
        assertEquals(spanId(Tasks.RUN), workflow.getSpanId());
        assertEquals(message.getSpanId(), workflow.getParentSpanId());
        assertEquals(spanId(Tasks.LLM_NODE), llm.getSpanId());
        assertEquals(workflow.getSpanId(), llm.getParentSpanId());
        assertEquals(workflow.getSpanId(), spans.get("TOOL").getParentSpanId());
        assertEquals(workflow.getSpanId(), spans.get("KNOWLEDGE-RETRIEVAL").getParentSpanId());

        assertEquals(nanos("2026-11-21T09:00:00Z"), workflow.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:04Z"), workflow.getEndTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:01Z"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:01.5Z"), llm.getEndTimeUnixNano(), "start plus elapsed_time");

        assertEquals(Json.createObjectBuilder().add("input_tokens", 120).add("output_tokens", 85).add("total_tokens", 205).build(),
                json(llm, "mlflow.chat.tokenUsage"));
        assertEquals(Json.createValue("gpt-4"), json(llm, "mlflow.llm.model"));
        assertEquals(Json.createValue("openai"), json(llm, "mlflow.llm.provider"));
        assertNull(attr(workflow, "mlflow.chat.tokenUsage"), "usage only on LLM spans, or MLflow's trace total counts it twice");
        assertEquals(Json.createObjectBuilder().add("query", "What is the weather?").build(), json(workflow, "mlflow.spanInputs"));
        assertEquals(Json.createObjectBuilder().add("answer", "sunny").build(), json(workflow, "mlflow.spanOutputs"));
        assertEquals(Json.createValue("..."), json(llm, "mlflow.spanInputs"), "an LLM node's input is its prompt");
        assertEquals(Json.createValue("app-run"), json(workflow, "triggered_from"), "Dify metadata as attributes");
        assertEquals(Status.StatusCode.STATUS_CODE_OK, workflow.getStatus().getCode(), "ended OK as MLflow's own spans are");
        assertNull(attr(workflow, "mlflow.traceRequestId"), "MLflow derives its trace id from the OTLP trace id");
    }

    @Test
    void everyOtherPayloadTypeIsMappedAndErrorsCarryAnExceptionEvent() throws Exception {
        exporter.export(mlflow(), List.of(item("m", Tasks.message("")), item("t", Tasks.tool("timeout")),
                item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()), item("r", Tasks.datasetRetrieval()),
                item("g", Tasks.generateName()), item("p", Tasks.promptGeneration("")), item("n", Tasks.draftNode())));
        assertEquals(1, mlflow.requests().size(), "one request per batch");
        Map<String, Span> s = byName(request(0));

        assertEquals("CHAIN", type(s.get("message")));
        assertEquals("LLM", type(s.get("llm")));
        assertEquals(s.get("message").getSpanId(), s.get("llm").getParentSpanId());
        assertEquals(Json.createObjectBuilder().add("input_tokens", 120).add("output_tokens", 85).add("total_tokens", 205).build(),
                json(s.get("llm"), "mlflow.chat.tokenUsage"));
        assertEquals(Json.createValue("The weather is sunny."), json(s.get("message"), "mlflow.spanOutputs"));
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), s.get("message").getEndTimeUnixNano());

        Span tool = s.get("weather_api");
        assertEquals("TOOL", type(tool));
        assertEquals(s.get("message").getSpanId(), tool.getParentSpanId(), "a tool call sits under its message");
        assertArrayEquals(TraceIds.traceId(Tasks.MESSAGE), tool.getTraceId().toByteArray());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, tool.getStatus().getCode());
        assertEquals("timeout", tool.getStatus().getMessage());
        assertEquals("exception", tool.getEvents(0).getName());
        assertEquals("timeout", tool.getEvents(0).getAttributesList().stream()
                .filter(kv -> kv.getKey().equals("exception.message")).findFirst().orElseThrow().getValue().getStringValue());
        assertEquals(tool.getEndTimeUnixNano(), tool.getEvents(0).getTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), tool.getEndTimeUnixNano());

        assertEquals("CHAIN", type(s.get("moderation")));
        assertEquals("TOOL", type(s.get("suggested_question")));
        assertEquals("RETRIEVER", type(s.get("dataset_retrieval")));
        assertEquals("install it", json(s.get("dataset_retrieval"), "mlflow.spanOutputs").asJsonObject()
                .getJsonArray("documents").getJsonObject(0).getString("page_content"));
        for (String child : List.of("moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals(s.get("message").getSpanId(), s.get(child).getParentSpanId(), child);
        }
        assertEquals("CHAIN", type(s.get("generate_conversation_name")));
        assertTrue(s.get("generate_conversation_name").getParentSpanId().isEmpty());
        assertArrayEquals(TraceIds.traceId(Tasks.CONVERSATION), s.get("generate_conversation_name").getTraceId().toByteArray());
        assertEquals("LLM", type(s.get("rule_generate")));
        assertEquals(Json.createValue("gpt-4"), json(s.get("rule_generate"), "mlflow.llm.model"));
        assertEquals("LLM", type(s.get("LLM")), "the draft node");
        assertArrayEquals(TraceIds.traceId(Tasks.LLM_NODE), s.get("LLM").getTraceId().toByteArray(), "a draft node is its own trace");
        assertTrue(s.get("LLM").getParentSpanId().isEmpty());
        spans(request(0)).forEach(span -> assertFalse(span.getAttributesList().stream().map(KeyValue::getKey)
                .anyMatch(k -> k.startsWith("mlflow.") && !MLFLOW_KEYS.contains(k)), span.getName()));
    }

    static final List<String> MLFLOW_KEYS = List.of("mlflow.spanType", "mlflow.spanInputs", "mlflow.spanOutputs",
            "mlflow.chat.tokenUsage", "mlflow.llm.model", "mlflow.llm.provider");

    @Test
    void everySpanShowsWhatTheDestinationsRulesRedactedButNoValue() throws Exception {
        exporter.export(mlflow(), List.of(item("d1", RedactedTasks.of(Tasks.workflow("succeeded", "")))));
        List<Span> spans = spans(request(0));
        assertEquals(5, spans.size());
        JsonValue report = Json.createObjectBuilder().add("count", RedactedTasks.COUNT)
                .add("rules", Json.createArrayBuilder().add("card").add("email")).build();
        for (Span s : spans) {
            assertEquals(report, json(s, RedactionAttributes.REPORT_KEY), s.getName());
        }
        String sent = new String(mlflow.requests().get(0).body(), java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(sent.contains(RedactedTasks.EMAIL) || sent.contains(RedactedTasks.CARD));
    }

    @Test
    void nodeTypesMapToMlflowSpanTypesAsDifyDoes() {
        Map<String, String> expected = Map.of("llm", "LLM", "question-classifier", "LLM", "knowledge-retrieval", "RETRIEVER",
                "tool", "TOOL", "code", "TOOL", "http-request", "TOOL", "agent", "AGENT", "if-else", "CHAIN", "start", "CHAIN");
        Map<String, String> actual = new HashMap<>();
        expected.keySet().forEach(t -> actual.put(t, MlflowSpans.type(new Run("id", null, "n", "node", t, RECEIVED, RECEIVED,
                JsonValue.NULL, JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT, null, null, null, null, List.of()))));
        assertEquals(expected, actual);
    }

    @Test
    void payloadMetadataCannotTakeMlflowReservedAttributes() throws Exception {
        JsonObject info = Json.createObjectBuilder(Tasks.generateName().traceInfo())
                .add("metadata", Json.createObjectBuilder().add("mlflow.traceRequestId", "tr-forged")
                        .add("mlflow.spanType", "AGENT").add("conversation_id", Tasks.CONVERSATION)).build();
        exporter.export(mlflow(), List.of(item("g", Tasks.envelope("GenerateNameTraceInfo", info))));
        Span s = spans(request(0)).get(0);
        assertNull(attr(s, "mlflow.traceRequestId"));
        assertEquals("CHAIN", type(s));
        assertEquals(Json.createValue(Tasks.CONVERSATION), json(s, "conversation_id"));
    }

    @Test
    void aNestedWorkflowLandsUnderTheToolNodeThatCalledIt() throws Exception {
        exporter.export(mlflow(), List.of(item("outer", Tasks.workflow("succeeded", "")), item("inner", Tasks.nestedWorkflow())));
        List<Span> all = spans(request(0));
        Span toolNode = all.stream().filter(s -> s.getSpanId().equals(spanId(Tasks.TOOL_NODE))).findFirst().orElseThrow();
        Span inner = all.stream().filter(s -> s.getSpanId().equals(spanId(Tasks.NESTED_RUN))).findFirst().orElseThrow();
        assertEquals(toolNode.getSpanId(), inner.getParentSpanId());
        assertArrayEquals(TraceIds.traceId(Tasks.RUN), inner.getTraceId().toByteArray(), "the trace the parent context names");
    }

    @Test
    void aResentBatchRepeatsItsIdsAndBytes() throws Exception {
        exporter.export(mlflow(), List.of(item("d1", Tasks.workflow("failed", "boom"))));
        exporter.export(mlflow(), List.of(item("d1", Tasks.workflow("failed", "boom"))));
        assertArrayEquals(mlflow.requests().get(0).body(), mlflow.requests().get(1).body());
        Span workflow = byName(request(0)).get("workflow");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, workflow.getStatus().getCode());
        assertEquals("boom", workflow.getStatus().getMessage());
    }

    @Test
    void eventsThatAreNoTracesSendNothing() {
        Map<String, ExportOutcome> out = exporter.export(mlflow(), List.of(item("a", Tasks.appEvent("created")), item("f", Tasks.feedback())));
        assertEquals(Map.of("a", ExportOutcome.delivered(), "f", ExportOutcome.delivered()), out);
        assertTrue(mlflow.requests().isEmpty(), "MLflow answers 400 to a request without spans");
    }

    @Test
    void withoutAUsernameNoAuthorizationIsSent() {
        Destination open = new Destination("mlflow/app", "mlflow", Tasks.APP, Map.of("tracking_uri", mlflow.url(), "experiment_id", ""));
        exporter.export(open, List.of(item("d1", Tasks.message(""))));
        FakeBackend.Request r = mlflow.requests().get(0);
        assertNull(r.headers().get("authorization"));
        assertEquals("0", r.headers().get("x-mlflow-experiment-id"), "Dify's default experiment");
    }

    ExportOutcome outcome(FakeBackend.Answer a) {
        mlflow.answer(r -> a);
        return exporter.export(mlflow(), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.delivered(), outcome(FakeBackend.Answer.of(200, "")));
        for (int permanent : List.of(400, 401, 403, 413, 422, 500)) {
            ExportOutcome o = outcome(FakeBackend.Answer.of(permanent, "{\"detail\":\"secret-ish remote text\"}"));
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), "status " + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote"), "the remote body is never kept");
        }
        ExportOutcome limited = outcome(new FakeBackend.Answer(429, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        for (int retryable : List.of(502, 503, 504)) {
            assertEquals(ExportOutcome.Kind.RETRY, outcome(FakeBackend.Answer.of(retryable, "")).kind(), "status " + retryable);
        }
        ExportOutcome slow = outcome(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3)));
        assertEquals(ExportOutcome.Kind.RETRY, slow.kind());
        assertEquals("timeout", slow.code());
        ExportOutcome reset = exporter.export(at(FakeBackend.resettingUrl()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("network_error", reset.code());
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(1)).build();
        assertEquals(ExportOutcome.Kind.DELIVERED,
                outcome(FakeBackend.Answer.of(200, new String(partial.toByteArray(), StandardCharsets.ISO_8859_1))).kind(),
                "OTLP partial success names no item (MLflow sends none: it refuses with 422); accepted and logged");
        assertEquals("destination_forbidden", exporter.export(at("http://10.0.0.8:5000"), List.of(item("d1", Tasks.message("")))).get("d1").code());
    }

    @Test
    void aPoisonItemDiesAloneByBisection() {
        mlflow.answer(r -> {
            try {
                boolean poison = spans(ExportTraceServiceRequest.parseFrom(r.body())).stream().anyMatch(s -> s.getName().equals("weather_api"));
                return FakeBackend.Answer.of(poison ? 400 : 200, "");
            } catch (Exception e) {
                return FakeBackend.Answer.of(500, "");
            }
        });
        Map<String, ExportOutcome> out = exporter.export(mlflow(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.moderation()), item("d", Tasks.datasetRetrieval())));
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("a").kind());
        assertEquals("http_400", out.get("b").code());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("c").kind());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("d").kind());
    }

    @Test
    void aRefusedDestinationKillsTheBatchWithoutBisecting() {
        mlflow.answer(r -> FakeBackend.Answer.of(401, ""));
        Map<String, ExportOutcome> out = exporter.export(mlflow(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.moderation())));
        assertEquals(1, mlflow.requests().size());
        out.values().forEach(o -> assertEquals("http_401", o.code()));
        assertEquals(3, out.size());
    }

    ExportOutcome check(FakeBackend.Answer a) {
        mlflow.answer(r -> a);
        return exporter.verify(mlflow());
    }

    @Test
    void theCheckAsksForTheExperiment() throws Exception {
        assertEquals(ExportOutcome.delivered(), check(FakeBackend.Answer.json(200, "{\"experiment\":{\"experiment_id\":\"7\"}}")));
        FakeBackend.Request r = mlflow.requests().get(0);
        assertEquals("GET", r.method());
        assertEquals("/api/2.0/mlflow/experiments/get?experiment_id=7", r.target());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)),
                r.headers().get("authorization"));
        assertEquals("invalid_credentials", check(FakeBackend.Answer.of(401, "You are not authenticated.")).code());
        assertEquals("invalid_credentials", check(FakeBackend.Answer.of(403, "Permission denied")).code());
        assertEquals("experiment_not_found", check(FakeBackend.Answer.json(404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"No Experiment with id=7 exists\"}")).code());
        assertEquals("experiment_not_found", check(FakeBackend.Answer.json(400,
                "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"gone\"}")).code());
        assertEquals("http_400", check(FakeBackend.Answer.json(400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\"}")).code());
        assertEquals(ExportOutcome.Kind.RETRY, check(FakeBackend.Answer.of(503, "")).kind());
        assertEquals("network_error", exporter.verify(at(FakeBackend.resettingUrl())).code());
        assertEquals("destination_forbidden", exporter.verify(at("http://10.0.0.8:5000")).code());
        assertTrue(mlflow.requests().stream().noneMatch(q -> q.target().startsWith("/v1/traces")),
                "the check writes nothing: MLflow refuses an empty OTLP export");
    }

    @Test
    void theProjectUrlIsTheExperimentsTracesTab() {
        assertEquals("http://mlflow.example:5000/#/experiments/7/traces",
                exporter.projectUrl(at("http://mlflow.example:5000/")).orElseThrow());
        assertEquals("http://localhost:5000/#/experiments/0/traces",
                exporter.projectUrl(new Destination("mlflow/app", "mlflow", Tasks.APP, Map.of())).orElseThrow());
    }

    static List<Violation> violations(Map<String, String> config) {
        return MlflowConfig.MODEL.apply(config).violations();
    }

    @Test
    void configRules() {
        ProviderModel.Result defaults = MlflowConfig.MODEL.apply(Map.of());
        assertEquals(Map.of("tracking_uri", "http://localhost:5000", "experiment_id", "0", "username", "", "password", ""),
                defaults.config());
        assertEquals(List.of(new Violation("tracing_config.tracking_uri", "Please use Databricks tracing config below to record "
                + "traces to Databricks-managed MLflow instances.")), violations(Map.of("tracking_uri", "databricks")));
        assertEquals(List.of(new Violation("tracing_config.tracking_uri", "URL must start with https:// or http://")),
                violations(Map.of("tracking_uri", "ftp://mlflow:5000")));
        assertEquals(List.of(new Violation("tracing_config.experiment_id", "ID must be a valid integer")),
                violations(Map.of("experiment_id", "exp-7")));
        assertEquals("42", MlflowConfig.MODEL.apply(Map.of("experiment_id", " 42 ")).config().get("experiment_id"));
        assertEquals("http://mlflow:5000/base", MlflowConfig.MODEL.apply(Map.of("tracking_uri", " http://mlflow:5000/base ")).config().get("tracking_uri"));
        assertTrue(MlflowConfig.MODEL.isSecret("password"));
        assertFalse(MlflowConfig.MODEL.isSecret("username"));
    }
}
