package org.tracerelay.export.datadog;

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
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.span.RedactedTasks;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * Datadog LLM Observability against an OTLP/HTTP intake and a validate endpoint in this JVM
 * (the operator's base-URL override points the exporter at them): GenAI spans of every exported
 * payload type, md5 trace ids, the answers of the intake, the key check and the project URL.
 */
class DatadogExporterTest {

    FakeBackend backend;
    DatadogExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = operatorPointedAt(backend.url());
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    /** Overrides are the operator's: they pass even a guard that allows no internal address. */
    static DatadogExporter operatorPointedAt(String base) {
        ExportHttp http = new ExportHttp(Duration.ofMillis(1500), Duration.ofMillis(1000), new OutboundGuard(List.of()));
        return new DatadogExporter(http, Optional.of(base), Optional.of(base + "/"), Duration.ofMillis(1500));
    }

    static Destination datadog(String site) {
        Map<String, String> settings = new HashMap<>(Map.of("api_key", "dd-key-1", "service_name", "weather-bot"));
        if (site != null) {
            settings.put("site", site);
        }
        return new Destination("datadog/app", "datadog", Tasks.APP, settings);
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    static byte[] md5(String text) throws Exception {
        return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    }

    static ByteString bytes(byte[] b) {
        return ByteString.copyFrom(b);
    }

    static ByteString low64(byte[] digest) {
        return ByteString.copyFrom(Arrays.copyOfRange(digest, 8, 16));
    }

    ExportTraceServiceRequest request(int i) throws Exception {
        return ExportTraceServiceRequest.parseFrom(backend.requests().get(i).body());
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
                .map(kv -> kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue()) : kv.getValue().getStringValue())
                .orElse(null);
    }

    static JsonArray messages(Span s, String key) {
        return Json.createReader(new StringReader(attr(s, key))).readArray();
    }

    static String firstText(JsonArray messages) {
        return messages.getJsonObject(0).getJsonArray("parts").getJsonObject(0).getString("content");
    }

    static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void aChatflowRunIsOneTraceUnderItsMessage() throws Exception {
        assertEquals(Map.of("d1", ExportOutcome.delivered()), exporter.export(datadog(null), List.of(item("d1", Tasks.workflow("succeeded", "")))));
        FakeBackend.Request r = backend.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/v1/traces", r.target());
        assertEquals("dd-key-1", r.headers().get("dd-api-key"));
        assertEquals("llmobs", r.headers().get("dd-otlp-source"));
        assertEquals("application/x-protobuf", r.headers().get("content-type"));
        ExportTraceServiceRequest req = request(0);
        Map<String, String> resource = req.getResourceSpans(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals(Map.of("service.name", "weather-bot"), resource);
        assertEquals("dify.ops", req.getResourceSpans(0).getScopeSpans(0).getScope().getName());

        Map<String, Span> spans = byName(req);
        assertEquals(Map.of("message", "workflow", "workflow", "workflow", "LLM", "chat", "TOOL", "execute_tool",
                        "KNOWLEDGE-RETRIEVAL", "retrieval"),
                spans.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> attr(e.getValue(), "gen_ai.operation.name"))));
        byte[] digest = md5("message:" + Tasks.MESSAGE);
        Span message = spans.get("message");
        Span workflow = spans.get("workflow");
        for (Span s : spans.values()) {
            assertEquals(bytes(digest), s.getTraceId(), s.getName());
            assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, s.getKind());
            assertEquals(Tasks.CONVERSATION, attr(s, "gen_ai.conversation.id"));
            assertEquals(Tasks.APP, attr(s, "dify.app_id"));
            assertEquals("wf-1", attr(s, "dify.workflow_id"));
        }
        assertEquals(low64(digest), message.getSpanId(), "the root takes the digest's low 64 bits");
        assertTrue(message.getParentSpanId().isEmpty());
        assertEquals(bytes(TraceIds.spanId(Tasks.RUN)), workflow.getSpanId());
        assertEquals(message.getSpanId(), workflow.getParentSpanId());
        for (String node : List.of("LLM", "TOOL", "KNOWLEDGE-RETRIEVAL")) {
            assertEquals(workflow.getSpanId(), spans.get(node).getParentSpanId(), node);
        }
        assertEquals(bytes(TraceIds.spanId(Tasks.LLM_NODE)), spans.get("LLM").getSpanId());

        assertEquals(nanos("2026-11-21T09:00:00Z"), workflow.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:04Z"), workflow.getEndTimeUnixNano());
        Span llm = spans.get("LLM");
        assertEquals(nanos("2026-11-21T09:00:01Z"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:01.5Z"), llm.getEndTimeUnixNano(), "start + elapsed_time");
        assertEquals("gpt-4", attr(llm, "gen_ai.request.model"));
        assertEquals("openai", attr(llm, "gen_ai.provider.name"));
        assertEquals("120", attr(llm, "gen_ai.usage.input_tokens"));
        assertEquals("85", attr(llm, "gen_ai.usage.output_tokens"));
        assertNull(attr(workflow, "gen_ai.usage.input_tokens"), "tokens are counted on the LLM call only");
        assertEquals("llm", attr(llm, "dify.node.type"));
        assertEquals("TOOL", attr(spans.get("TOOL"), "gen_ai.tool.name"));

        JsonArray in = messages(workflow, "gen_ai.input.messages");
        assertEquals("user", in.getJsonObject(0).getString("role"));
        assertEquals("text", in.getJsonObject(0).getJsonArray("parts").getJsonObject(0).getString("type"));
        assertEquals("{\"query\":\"What is the weather?\"}", firstText(in));
        JsonArray out = messages(workflow, "gen_ai.output.messages");
        assertEquals("assistant", out.getJsonObject(0).getString("role"));
        assertEquals("stop", out.getJsonObject(0).getString("finish_reason"));
        assertEquals("{\"answer\":\"sunny\"}", firstText(out));
        assertEquals(Status.StatusCode.STATUS_CODE_UNSET, workflow.getStatus().getCode());
    }

    @Test
    void everySpanShowsWhatTheDestinationsRulesRedactedButNoValue() throws Exception {
        exporter.export(datadog(null), List.of(item("d1", RedactedTasks.of(Tasks.workflow("succeeded", "")))));
        List<Span> spans = spans(request(0));
        assertEquals(5, spans.size());
        for (Span s : spans) {
            assertEquals(Long.toString(RedactedTasks.COUNT), attr(s, RedactionAttributes.COUNT), s.getName());
            assertEquals(RedactedTasks.RULES, attr(s, RedactionAttributes.RULES), s.getName());
        }
        String sent = new String(backend.requests().get(0).body(), StandardCharsets.UTF_8);
        assertFalse(sent.contains(RedactedTasks.EMAIL) || sent.contains(RedactedTasks.CARD));
    }

    @Test
    void aWorkflowWithoutMessageIsItsOwnTrace() throws Exception {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("failed", "node crashed").traceInfo()).remove("message_id").build();
        exporter.export(datadog(null), List.of(item("d1", Tasks.envelope("WorkflowTraceInfo", info))));
        Map<String, Span> spans = byName(request(0));
        assertEquals(4, spans.size(), "no message span");
        byte[] digest = md5("workflow:" + Tasks.RUN);
        Span workflow = spans.get("workflow");
        assertEquals(bytes(digest), workflow.getTraceId());
        assertEquals(low64(digest), workflow.getSpanId());
        assertTrue(workflow.getParentSpanId().isEmpty());
        assertEquals(workflow.getSpanId(), spans.get("TOOL").getParentSpanId());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, workflow.getStatus().getCode());
        assertEquals("node crashed", workflow.getStatus().getMessage());
        assertEquals("exception", workflow.getEvents(0).getName());
        assertEquals("error", messages(workflow, "gen_ai.output.messages").getJsonObject(0).getString("finish_reason"));
    }

    @Test
    void aMessageItsToolCallAndRetrievalMeetTheWorkflowInOneTrace() throws Exception {
        exporter.export(datadog(null), List.of(item("m", Tasks.message("")), item("t", Tasks.tool("rate limited")),
                item("r", Tasks.datasetRetrieval())));
        assertEquals(1, backend.requests().size(), "one request per batch");
        Map<String, Span> spans = byName(request(0));
        byte[] digest = md5("message:" + Tasks.MESSAGE);
        Span message = spans.get("message");
        assertEquals(low64(digest), message.getSpanId(), "the same root span as the workflow's message span");
        assertEquals("workflow", attr(message, "gen_ai.operation.name"));
        Span llm = spans.get("llm");
        assertEquals("chat", attr(llm, "gen_ai.operation.name"));
        assertEquals(message.getSpanId(), llm.getParentSpanId());
        assertEquals("gpt-4", attr(llm, "gen_ai.request.model"));
        assertEquals("120", attr(llm, "gen_ai.usage.input_tokens"));
        assertEquals("The weather is sunny.", firstText(messages(llm, "gen_ai.output.messages")));
        assertEquals(nanos("2026-11-21T09:00:00Z"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), llm.getEndTimeUnixNano());

        Span tool = spans.get("weather_api");
        assertEquals("execute_tool", attr(tool, "gen_ai.operation.name"));
        assertEquals("weather_api", attr(tool, "gen_ai.tool.name"));
        assertEquals(bytes(digest), tool.getTraceId());
        assertEquals(message.getSpanId(), tool.getParentSpanId());
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, tool.getStatus().getCode());
        assertEquals("rate limited", tool.getStatus().getMessage());
        assertEquals("{\"location\":\"San Francisco\"}", firstText(messages(tool, "gen_ai.input.messages")));

        Span retrieval = spans.get("dataset_retrieval");
        assertEquals("retrieval", attr(retrieval, "gen_ai.operation.name"));
        assertEquals(message.getSpanId(), retrieval.getParentSpanId());
        assertEquals("installation guide", firstText(messages(retrieval, "gen_ai.input.messages")));
        assertTrue(firstText(messages(retrieval, "gen_ai.output.messages")).contains("install it"));
    }

    @Test
    void anLlmNodesPromptsKeepTheirRoles() throws Exception {
        var prompts = Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "system").add("text", "Be brief."))
                .add(Json.createObjectBuilder().add("role", "user").add("text", "Weather?"));
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("node_executions",
                Json.createArrayBuilder().add(Tasks.node(Tasks.LLM_NODE, "llm", 1)
                        .add("process_data", Json.createObjectBuilder().add("prompts", prompts)))).build();
        exporter.export(datadog(null), List.of(item("d1", Tasks.envelope("WorkflowTraceInfo", info))));
        JsonArray in = messages(byName(request(0)).get("LLM"), "gen_ai.input.messages");
        assertEquals(List.of("system", "user"), in.getValuesAs(JsonObject.class).stream().map(m -> m.getString("role")).toList());
        assertEquals("Be brief.", firstText(in));
    }

    @Test
    void aNestedWorkflowLandsUnderTheCallingToolNode() throws Exception {
        JsonObject ctx = Json.createObjectBuilder().add("parent_workflow_run_id", Tasks.RUN)
                .add("parent_node_execution_id", Tasks.TOOL_NODE).add("trace_id", Tasks.MESSAGE).build();
        JsonObject info = Json.createObjectBuilder(Tasks.nestedWorkflow().traceInfo()).remove("message_id")
                .add("metadata", Json.createObjectBuilder().add("app_id", Tasks.APP).add("parent_trace_context", ctx)).build();
        exporter.export(datadog(null), List.of(item("outer", Tasks.workflow("succeeded", "")),
                item("inner", Tasks.envelope("WorkflowTraceInfo", info))));
        List<Span> all = spans(request(0));
        Span toolNode = all.stream().filter(s -> s.getName().equals("TOOL")
                && s.getSpanId().equals(bytes(TraceIds.spanId(Tasks.TOOL_NODE)))).findFirst().orElseThrow();
        Span inner = all.stream().filter(s -> s.getSpanId().equals(bytes(TraceIds.spanId(Tasks.NESTED_RUN)))).findFirst().orElseThrow();
        assertEquals(toolNode.getTraceId(), inner.getTraceId(), "one trace");
        assertEquals(toolNode.getSpanId(), inner.getParentSpanId());
    }

    @Test
    void whatDatadogDoesNotTraceIsDeliveredAsNothingToSend() throws Exception {
        List<ExportItem> untraced = List.of(item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()),
                item("g", Tasks.generateName()), item("p", Tasks.promptGeneration("")), item("n", Tasks.draftNode()),
                item("a", Tasks.appEvent("created")), item("f", Tasks.feedback()));
        Map<String, ExportOutcome> out = exporter.export(datadog(null), untraced);
        assertEquals(7, out.size());
        out.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertTrue(backend.requests().isEmpty());
        exporter.export(datadog(null), List.of(item("q", Tasks.moderation()), item("m", Tasks.message(""))));
        assertEquals(List.of("message", "llm"), spans(ExportTraceServiceRequest.parseFrom(backend.requests().get(0).body()))
                .stream().map(Span::getName).toList(), "a moderation beside a message adds no span");
    }

    @Test
    void resendingABatchRepeatsItsIds() throws Exception {
        exporter.export(datadog(null), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        exporter.export(datadog(null), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(spans(request(0)).stream().map(Span::getSpanId).toList(), spans(request(1)).stream().map(Span::getSpanId).toList());
    }

    ExportOutcome outcome(FakeBackend.Answer a) {
        backend.answer(r -> a);
        return exporter.export(datadog(null), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void toolSpansCarryTheirCallArgumentsAndResult() throws Exception {
        exporter.export(datadog(null), List.of(item("t", Tasks.tool("")), item("w", Tasks.workflow("succeeded", ""))));
        Span tool = byName(request(0)).get("weather_api");
        assertEquals("{\"location\":\"San Francisco\"}", attr(tool, "gen_ai.tool.call.arguments"));
        assertEquals("{\"temperature\": 72}", attr(tool, "gen_ai.tool.call.result"));
        Span node = spans(request(0)).stream().filter(s -> "tool".equals(attr(s, "dify.node.type"))).findFirst().orElseThrow();
        assertEquals("{\"q\":\"weather?\"}", attr(node, "gen_ai.tool.call.arguments"));
        assertEquals("{\"a\":\"sunny\"}", attr(node, "gen_ai.tool.call.result"));
        Span llm = spans(request(0)).stream().filter(s -> "llm".equals(attr(s, "dify.node.type"))).findFirst().orElseThrow();
        assertNull(attr(llm, "gen_ai.tool.call.arguments"), "only tools carry them");
    }

    /** A tool call whose input is {@code bytes} long, its own message (its own trace). */
    static ExportItem bigTool(String id, int bytes) {
        JsonObject info = Json.createObjectBuilder(Tasks.tool("").traceInfo()).add("message_id", java.util.UUID.nameUUIDFromBytes(
                id.getBytes(StandardCharsets.UTF_8)).toString())
                .add("tool_inputs", Json.createObjectBuilder().add("text", "x".repeat(bytes))).build();
        return item(id, new TaskEnvelope(Tasks.taskId("tool-" + id), Tasks.APP, Tasks.TENANT, Tasks.tool("").type(), info));
    }

    /** The intake as Datadog limits it: a request over the size is refused with 413. */
    void intakeLimitedTo(int bytes) {
        backend.answer(r -> FakeBackend.Answer.of(r.body().length > bytes ? 413 : 200, ""));
    }

    @Test
    void aBatchOverTheRequestSizeIsSplitBeforeSendingNotBisectedAfterA413() {
        intakeLimitedTo(DatadogRequests.MAX_BYTES);
        List<ExportItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            items.add(bigTool("t" + i, 350_000)); // 0.7 MB a span: the input is its messages and its call arguments
        }
        Map<String, ExportOutcome> out = exporter.export(datadog(null), items);
        items.forEach(i -> assertEquals(ExportOutcome.delivered(), out.get(i.deliveryId()), i.deliveryId()));
        backend.requests().forEach(r -> assertTrue(r.body().length <= DatadogRequests.MAX_BYTES, "" + r.body().length));
        assertEquals(3, backend.requests().size(), "four tasks of 0.7 MB a request, nothing sent twice");
        assertEquals(10, backend.requests().stream().mapToLong(r -> {
            try {
                return spans(ExportTraceServiceRequest.parseFrom(r.body())).size();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).sum());
    }

    @Test
    void aTaskOverTheRequestSizeGoesInPartsOfItsSpans() throws Exception {
        intakeLimitedTo(DatadogRequests.MAX_BYTES);
        var nodes = Json.createArrayBuilder();
        for (int i = 0; i < 5; i++) {
            nodes.add(Tasks.node(java.util.UUID.nameUUIDFromBytes(("n" + i).getBytes(StandardCharsets.UTF_8)).toString(), "code", 1)
                    .add("node_inputs", Json.createObjectBuilder().add("blob", "y".repeat(1_000_000))));
        }
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("node_executions", nodes).build();
        TaskEnvelope big = new TaskEnvelope(Tasks.taskId("big"), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
        Map<String, ExportOutcome> out = exporter.export(datadog(null), List.of(item("big", big), item("m", Tasks.tool(""))));
        assertEquals(Map.of("big", ExportOutcome.delivered(), "m", ExportOutcome.delivered()), out);
        backend.requests().forEach(r -> assertTrue(r.body().length <= DatadogRequests.MAX_BYTES, "" + r.body().length));
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < backend.requests().size(); i++) {
            spans(request(i)).forEach(s -> names.add(s.getName()));
        }
        assertEquals(2 + 5 + 1, names.size(), "message, workflow, five nodes and the tool call, each once: " + names);
        assertTrue(backend.requests().size() >= 3);
    }

    @Test
    void aSpanOverTheRequestSizeDiesWithoutARequestAndItsBatchMatesGo() {
        intakeLimitedTo(DatadogRequests.MAX_BYTES);
        Map<String, ExportOutcome> out = exporter.export(datadog(null), List.of(bigTool("huge", 3_300_000), item("m", Tasks.message(""))));
        assertEquals("span_too_large", out.get("huge").code());
        assertEquals(ExportOutcome.Kind.DEAD, out.get("huge").kind());
        assertEquals(ExportOutcome.delivered(), out.get("m"));
        assertEquals(1, backend.requests().size());
    }

    @Test
    void theIntakeIsTheTraceHostDatadogDocumentsForTheSite() {
        assertEquals("https://trace.agent.datadoghq.com/v1/traces", DatadogExporter.intake(datadog(null)).toString());
        assertEquals("https://trace.agent.datadoghq.eu/v1/traces", DatadogExporter.intake(datadog("datadoghq.eu")).toString());
        assertEquals("https://trace.agent.us5.datadoghq.com/v1/traces", DatadogExporter.intake(datadog("us5.datadoghq.com")).toString());
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.delivered(), outcome(FakeBackend.Answer.of(200, "")));
        for (int permanent : List.of(400, 401, 403, 413, 500)) {
            ExportOutcome o = outcome(FakeBackend.Answer.of(permanent, "{\"errors\":[\"secret detail\"]}"));
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), "" + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("secret detail"), "the remote body is never kept");
        }
        ExportOutcome limited = outcome(new FakeBackend.Answer(429, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        for (int retryable : List.of(502, 503, 504)) {
            assertEquals(ExportOutcome.Kind.RETRY, outcome(FakeBackend.Answer.of(retryable, "")).kind(), "" + retryable);
        }
        assertEquals("timeout", outcome(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3))).code());
        DatadogExporter resetting = operatorPointedAt(FakeBackend.resettingUrl());
        ExportOutcome reset = resetting.export(datadog(null), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("network_error", reset.code());
    }

    @Test
    void aPartialSuccessNamesNoItemSoTheBatchCountsAsDelivered() {
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(1).setErrorMessage("span too large")).build();
        backend.answer(r -> FakeBackend.Answer.of(200, new String(partial.toByteArray(), StandardCharsets.ISO_8859_1)));
        Map<String, ExportOutcome> out = exporter.export(datadog(null), List.of(item("m", Tasks.message("")), item("t", Tasks.tool(""))));
        assertEquals(Map.of("m", ExportOutcome.delivered(), "t", ExportOutcome.delivered()), out);
        assertEquals(1, backend.requests().size(), "an accepted request is never sent again");
    }

    @Test
    void aPoisonItemDiesAloneByBisection() {
        backend.answer(r -> {
            try {
                boolean poison = spans(ExportTraceServiceRequest.parseFrom(r.body())).stream().anyMatch(s -> s.getName().equals("weather_api"));
                return FakeBackend.Answer.of(poison ? 400 : 200, "");
            } catch (Exception e) {
                return FakeBackend.Answer.of(500, "");
            }
        });
        Map<String, ExportOutcome> out = exporter.export(datadog(null),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.datasetRetrieval())));
        assertEquals(ExportOutcome.delivered(), out.get("a"));
        assertEquals("http_400", out.get("b").code());
        assertEquals(ExportOutcome.delivered(), out.get("c"));
    }

    @Test
    void aRefusedKeyKillsTheWholeBatchWithoutBisection() {
        backend.answer(r -> FakeBackend.Answer.of(403, ""));
        Map<String, ExportOutcome> out = exporter.export(datadog(null),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.datasetRetrieval())));
        out.values().forEach(o -> assertEquals("http_403", o.code()));
        assertEquals(3, out.size());
        assertEquals(1, backend.requests().size(), "every half would be refused again");
    }

    @Test
    void theCheckAsksValidateWithTheKey() {
        assertEquals(ExportOutcome.delivered(), exporter.verify(datadog(null)));
        FakeBackend.Request r = backend.requests().get(0);
        assertEquals("GET", r.method());
        assertEquals("/api/v1/validate", r.target());
        assertEquals("dd-key-1", r.headers().get("dd-api-key"));
        backend.answer(q -> FakeBackend.Answer.of(429, ""));
        assertEquals(ExportOutcome.delivered(), exporter.verify(datadog(null)), "rate limited, but the key was read");
        backend.answer(q -> FakeBackend.Answer.json(403, "{\"errors\":[\"Forbidden\"]}"));
        ExportOutcome invalid = exporter.verify(datadog(null));
        assertEquals(ExportOutcome.Kind.DEAD, invalid.kind());
        assertEquals("http_403", invalid.code());
        backend.answer(q -> new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3)));
        assertEquals("timeout", exporter.verify(datadog(null)).code());
    }

    @Test
    void withoutOperatorOverridesTheSiteHostsPassTheOutboundGuard() {
        ExportHttp http = new ExportHttp(Duration.ofMillis(1500), Duration.ofMillis(1000), new OutboundGuard(List.of()));
        DatadogExporter bySite = new DatadogExporter(http, Optional.empty(), Optional.empty(), Duration.ofMillis(1500));
        // .invalid never resolves (RFC 6761): the guard refuses before any connection is tried.
        Destination d = datadog("dd.invalid");
        assertEquals("destination_forbidden", bySite.export(d, List.of(item("d1", Tasks.message("")))).get("d1").code());
        assertEquals("destination_forbidden", bySite.verify(d).code());
        assertEquals(ExportOutcome.delivered(), bySite.export(d, List.of(item("q", Tasks.moderation()))).get("q"),
                "nothing to send needs no connection");
    }

    @Test
    void theProjectUrlIsTheSitesTraceList() {
        assertEquals("https://app.datadoghq.com/llm/traces", exporter.projectUrl(datadog(null)).orElseThrow());
        assertEquals("https://app.datadoghq.eu/llm/traces", exporter.projectUrl(datadog("datadoghq.eu")).orElseThrow());
        assertEquals("https://us5.datadoghq.com/llm/traces", exporter.projectUrl(datadog("us5.datadoghq.com")).orElseThrow(),
                "a regional site is already the UI host");
        assertEquals("https://app.datadoghq.com/llm/traces", exporter.projectUrl(datadog(" ")).orElseThrow());
    }

    static List<String> messagesOf(ProviderModel.Result r) {
        return r.violations().stream().map(Violation::message).toList();
    }

    @Test
    void configValidation() {
        ProviderModel.Result ok = DatadogConfig.MODEL.apply(Map.of("api_key", "  dd-key  ", "site", " us3.datadoghq.com "));
        assertEquals(Map.of("api_key", "dd-key", "site", "us3.datadoghq.com", "service_name", "dify_app"), ok.config());
        assertTrue(DatadogConfig.MODEL.isSecret("api_key"));
        assertFalse(DatadogConfig.MODEL.isSecret("site"));
        assertEquals("datadoghq.com", DatadogConfig.MODEL.apply(Map.of("api_key", "k")).config().get("site"));
        assertEquals(List.of("api_key is required"), messagesOf(DatadogConfig.MODEL.apply(Map.of("api_key", " "))));
        for (String notAHost : List.of("https://datadoghq.com", "datadoghq.com/api", "datadoghq.com:443", "user@datadoghq.com",
                "datadoghq.com?x=1", "data dog.com", "localhost")) {
            assertEquals(List.of("site must be a hostname (e.g. datadoghq.com), not a URL"),
                    messagesOf(DatadogConfig.MODEL.apply(Map.of("api_key", "k", "site", notAHost))), notAHost);
        }
        assertEquals(List.of("site is not supported: ddstaging.datadoghq.com"),
                messagesOf(DatadogConfig.MODEL.apply(Map.of("api_key", "k", "site", "ddstaging.datadoghq.com"))));
    }

    @Test
    void traceIdsFollowDifysMd5Prefixes() throws Exception {
        assertEquals(new DatadogSpans.TraceKey("workflow", Tasks.RUN),
                DatadogSpans.traceKey(Tasks.envelope("WorkflowTraceInfo",
                        Json.createObjectBuilder(Tasks.workflow("", "").traceInfo()).remove("message_id").build())));
        DatadogSpans.TraceKey key = DatadogSpans.traceKey(Tasks.tool(""));
        assertEquals("message:" + Tasks.MESSAGE, key.text());
        assertArrayEquals(md5("message:" + Tasks.MESSAGE), key.traceId());
        assertArrayEquals(Arrays.copyOfRange(md5("message:" + Tasks.MESSAGE), 8, 16), key.rootSpanId());
    }
}
