package org.tracerelay.export.aliyun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import jakarta.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.span.RedactedTasks;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.task.TaskEnvelope;

/**
 * What an Aliyun collector receives for each payload type (dify-providers §2.6), decoded from the
 * OTLP protobuf the exporter posted: ids, parents, names, kinds, attributes, resource and times.
 */
class AliyunMappingTest {

    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");

    FakeBackend backend;
    AliyunExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = new AliyunExporter(FakeBackend.http(), Duration.ofSeconds(2), "dify-1.9.0-abc123", "PRODUCTION-SELF_HOSTED");
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    Destination destination() {
        return new Destination("aliyun/app", "aliyun", Tasks.APP,
                Map.of("license_key", "lk-123", "endpoint", backend.url(), "app_name", "support-bot"));
    }

    Map<String, Span> sent(TaskEnvelope... tasks) throws Exception {
        List<ExportItem> items = java.util.Arrays.stream(tasks).map(t -> new ExportItem(t.taskId() + "-d", t, RECEIVED)).toList();
        Map<String, ExportOutcome> out = exporter.export(destination(), items);
        out.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertEquals(1, backend.requests().size(), "one request per batch");
        return spans(request(0)).stream().collect(Collectors.toMap(Span::getName, s -> s));
    }

    ExportTraceServiceRequest request(int i) throws Exception {
        return ExportTraceServiceRequest.parseFrom(backend.requests().get(i).body());
    }

    static List<Span> spans(ExportTraceServiceRequest r) {
        return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    static AnyValue value(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst().map(KeyValue::getValue).orElse(null);
    }

    static String attr(Span s, String key) {
        AnyValue v = value(s.getAttributesList(), key);
        return v == null ? null : v.getStringValue();
    }

    /** Dify's formula, computed here independently: SHA-256 of "<uuid hex>-<type>", first 8 bytes. */
    static byte[] spanId(String uuid, String type) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest((uuid.replace("-", "") + "-" + type).getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(digest, 8);
    }

    static byte[] traceId(String uuid) {
        UUID u = UUID.fromString(uuid);
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    static long nanos(String iso) {
        Instant i = Instant.parse(iso);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void spanIdsFollowDifysFormula() throws Exception {
        // Known values of sha256("<hex>-<type>")[:8], as Dify computes them.
        assertEquals("1dc730c519984f5c", HexFormat.of().formatHex(AliyunIds.span(Tasks.MESSAGE, "message")));
        assertEquals("c8db2ba1a9d1a694", HexFormat.of().formatHex(AliyunIds.span(Tasks.RUN, "workflow")));
        assertEquals("15a15436f707604a", HexFormat.of().formatHex(AliyunIds.span(Tasks.LLM_NODE, "node")));
        assertEquals("1094e53b31f2139f", HexFormat.of().formatHex(AliyunIds.span(Tasks.MESSAGE, "llm")));
    }

    @Test
    void chatflowRunIsAMessageSpanOverTheWorkflowAndItsNodes() throws Exception {
        Map<String, Span> byName = sent(Tasks.workflow("succeeded", ""));
        assertEquals(java.util.Set.of("message", "workflow", "LLM", "TOOL", "KNOWLEDGE-RETRIEVAL"), byName.keySet());
        FakeBackend.Request r = backend.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/adapt_lk-123/api/otlp/traces", r.target());
        assertEquals("application/x-protobuf", r.headers().get("content-type"));
        assertNull(r.headers().get("authorization"), "the license key in the path is the only credential");

        Span message = byName.get("message");
        Span workflow = byName.get("workflow");
        for (Span s : byName.values()) {
            assertArrayEquals(traceId(Tasks.RUN), s.getTraceId().toByteArray(), "the run's trace: " + s.getName());
            assertEquals("dify", attr(s, "gen_ai.framework"));
            assertEquals(Tasks.APP, attr(s, "dify.app_id"));
            assertEquals("u-1", attr(s, "gen_ai.user.id"));
            assertEquals(Tasks.CONVERSATION, attr(s, "gen_ai.session.id"));
        }
        assertArrayEquals(spanId(Tasks.MESSAGE, "message"), message.getSpanId().toByteArray());
        assertTrue(message.getParentSpanId().isEmpty());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, message.getKind());
        assertEquals("CHAIN", attr(message, "gen_ai.span.kind"));
        assertEquals("What is the weather?", attr(message, "input.value"), "the user's query");
        assertEquals("{\"answer\":\"sunny\"}", attr(message, "output.value"));
        assertEquals(StatusCode.STATUS_CODE_OK, message.getStatus().getCode());

        assertArrayEquals(spanId(Tasks.RUN, "workflow"), workflow.getSpanId().toByteArray());
        assertEquals(message.getSpanId(), workflow.getParentSpanId());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, workflow.getKind());
        assertEquals("CHAIN", attr(workflow, "gen_ai.span.kind"));
        assertEquals("{\"query\":\"What is the weather?\"}", attr(workflow, "input.value"));
        assertEquals(nanos("2026-11-21T09:00:00Z"), workflow.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:04Z"), workflow.getEndTimeUnixNano());

        Span llm = byName.get("LLM");
        assertArrayEquals(spanId(Tasks.LLM_NODE, "node"), llm.getSpanId().toByteArray());
        assertEquals(workflow.getSpanId(), llm.getParentSpanId());
        assertEquals("LLM", attr(llm, "gen_ai.span.kind"));
        assertEquals("chat", attr(llm, "gen_ai.operation.name"));
        assertEquals("gpt-4", attr(llm, "gen_ai.request.model"));
        assertEquals("openai", attr(llm, "gen_ai.provider.name"));
        assertEquals("120", attr(llm, "gen_ai.usage.input_tokens"), "token counts go as strings");
        assertEquals("85", attr(llm, "gen_ai.usage.output_tokens"));
        assertEquals("205", attr(llm, "gen_ai.usage.total_tokens"));
        assertEquals(AnyValue.ValueCase.STRING_VALUE, value(llm.getAttributesList(), "gen_ai.usage.total_tokens").getValueCase());
        assertEquals("...", attr(llm, "gen_ai.prompt"), "the prompts from process data");
        assertEquals("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"...\"}]}]", attr(llm, "gen_ai.input.messages"));
        assertEquals(nanos("2026-11-21T09:00:01Z"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:02Z"), llm.getEndTimeUnixNano());
        assertEquals(StatusCode.STATUS_CODE_OK, llm.getStatus().getCode());

        Span tool = byName.get("TOOL");
        assertEquals("TOOL", attr(tool, "gen_ai.span.kind"));
        assertEquals("TOOL", attr(tool, "tool.name"));
        assertEquals("{\"q\":\"weather?\"}", attr(tool, "tool.parameters"));
        assertEquals("{\"a\":\"sunny\"}", attr(tool, "output.value"));
        Span knowledge = byName.get("KNOWLEDGE-RETRIEVAL");
        assertEquals("RETRIEVER", attr(knowledge, "gen_ai.span.kind"));
        assertEquals("retrieval", attr(knowledge, "gen_ai.operation.name"));
        assertEquals(workflow.getSpanId(), knowledge.getParentSpanId());

        var resource = request(0).getResourceSpans(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals("support-bot", resource.get("service.name"));
        assertEquals("dify-1.9.0-abc123", resource.get("service.version"));
        assertEquals("PRODUCTION-SELF_HOSTED", resource.get("deployment.environment"));
        assertEquals("genai_app", resource.get("acs.arms.service.feature"));
        assertFalse(resource.get("host.name").isEmpty());
        assertEquals("dify.ops", request(0).getResourceSpans(0).getScopeSpans(0).getScope().getName());
    }

    @Test
    void everySpanShowsWhatTheDestinationsRulesRedactedButNoValue() throws Exception {
        Map<String, Span> byName = sent(RedactedTasks.of(Tasks.workflow("succeeded", "")));
        assertEquals(5, byName.size());
        for (Span s : byName.values()) {
            assertEquals(RedactedTasks.COUNT, value(s.getAttributesList(), RedactionAttributes.COUNT).getIntValue(), s.getName());
            assertEquals(RedactedTasks.RULES, attr(s, RedactionAttributes.RULES), s.getName());
        }
        String sent = new String(backend.requests().get(0).body(), StandardCharsets.UTF_8);
        assertFalse(sent.contains(RedactedTasks.EMAIL) || sent.contains(RedactedTasks.CARD));
    }

    @Test
    void aWorkflowWithoutMessageIsItsOwnServerRootAndFailuresAreErrors() throws Exception {
        var nodes = Json.createArrayBuilder().add(Tasks.node(Tasks.TOOL_NODE, "tool", 2).add("status", "failed").add("error", "boom"))
                .add(Tasks.node(Tasks.KNOWLEDGE_NODE, "code", 3).add("status", "running"));
        TaskEnvelope run = Tasks.envelope("WorkflowTraceInfo", Json.createObjectBuilder(Tasks.workflow("failed", "").traceInfo())
                .remove("message_id").add("error", "node TOOL failed").add("node_executions", nodes).build());
        Map<String, Span> byName = sent(run);
        assertEquals(java.util.Set.of("workflow", "TOOL", "CODE"), byName.keySet());
        Span workflow = byName.get("workflow");
        assertTrue(workflow.getParentSpanId().isEmpty());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, workflow.getKind());
        assertEquals(StatusCode.STATUS_CODE_ERROR, workflow.getStatus().getCode());
        assertEquals("node TOOL failed", workflow.getStatus().getMessage());
        assertEquals(StatusCode.STATUS_CODE_ERROR, byName.get("TOOL").getStatus().getCode());
        assertEquals("boom", byName.get("TOOL").getStatus().getMessage());
        Span code = byName.get("CODE");
        assertEquals("TASK", attr(code, "gen_ai.span.kind"));
        assertEquals(StatusCode.STATUS_CODE_UNSET, code.getStatus().getCode(), "still running: no outcome");
    }

    @Test
    void aNestedRunJoinsItsCallersTraceUnderTheToolNode() throws Exception {
        exporter.export(destination(), List.of(new ExportItem("outer", Tasks.workflow("succeeded", ""), RECEIVED),
                new ExportItem("inner", Tasks.nestedWorkflow(), RECEIVED)));
        List<Span> all = spans(request(0));
        Span toolNode = all.stream().filter(s -> java.util.Arrays.equals(s.getSpanId().toByteArray(), AliyunIds.span(Tasks.TOOL_NODE, "node")))
                .findFirst().orElseThrow();
        Span inner = all.stream().filter(s -> s.getName().equals("workflow")
                && java.util.Arrays.equals(s.getSpanId().toByteArray(), AliyunIds.span(Tasks.NESTED_RUN, "workflow"))).findFirst().orElseThrow();
        assertEquals(toolNode.getTraceId(), inner.getTraceId(), "one trace");
        assertEquals(toolNode.getSpanId(), inner.getParentSpanId());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, inner.getKind());
        assertEquals(5 + 3, all.size(), "outer: message, workflow, three nodes; inner: workflow and two nodes, no message span");
    }

    @Test
    void aMessageIsAServerSpanWithItsLlmCall() throws Exception {
        Map<String, Span> byName = sent(Tasks.message(""));
        Span message = byName.get("message");
        Span llm = byName.get("llm");
        assertArrayEquals(traceId(Tasks.MESSAGE), message.getTraceId().toByteArray());
        assertArrayEquals(traceId(Tasks.MESSAGE), llm.getTraceId().toByteArray());
        assertArrayEquals(spanId(Tasks.MESSAGE, "message"), message.getSpanId().toByteArray());
        assertArrayEquals(spanId(Tasks.MESSAGE, "llm"), llm.getSpanId().toByteArray());
        assertEquals(message.getSpanId(), llm.getParentSpanId());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, message.getKind());
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, llm.getKind());
        assertEquals("CHAIN", attr(message, "gen_ai.span.kind"));
        assertEquals("LLM", attr(llm, "gen_ai.span.kind"));
        assertEquals("gpt-4", attr(llm, "gen_ai.request.model"));
        assertEquals("openai", attr(llm, "gen_ai.provider.name"));
        assertEquals("120", attr(llm, "gen_ai.usage.input_tokens"));
        assertEquals("85", attr(llm, "gen_ai.usage.output_tokens"));
        assertEquals("205", attr(llm, "gen_ai.usage.total_tokens"));
        assertEquals("{\"query\":\"What is the weather?\"}", attr(llm, "gen_ai.prompt"));
        assertEquals("The weather is sunny.", attr(llm, "gen_ai.completion"));
        assertEquals("The weather is sunny.", attr(message, "output.value"));
        assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The weather is sunny.\"}]}]",
                attr(llm, "gen_ai.output.messages"));
        assertEquals(320_000_000L, value(llm.getAttributesList(), "gen_ai.response.time_to_first_token").getIntValue());
        assertEquals(Tasks.CONVERSATION, attr(message, "gen_ai.session.id"));
        assertEquals(Tasks.CONVERSATION, attr(message, "gen_ai.conversation.id"));
        assertEquals(nanos("2026-11-21T09:00:00Z"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), llm.getEndTimeUnixNano());
        assertEquals(StatusCode.STATUS_CODE_OK, message.getStatus().getCode());
        assertEquals(0, message.getLinksCount(), "no external trace id, no link");
    }

    @Test
    void toolRetrievalAndSuggestedQuestionHangUnderTheirMessage() throws Exception {
        Map<String, Span> byName = sent(Tasks.tool("timeout"), Tasks.datasetRetrieval(), Tasks.suggestedQuestion());
        byte[] messageSpan = spanId(Tasks.MESSAGE, "message");
        for (Span s : byName.values()) {
            assertArrayEquals(traceId(Tasks.MESSAGE), s.getTraceId().toByteArray(), s.getName());
            assertArrayEquals(messageSpan, s.getParentSpanId().toByteArray(), s.getName());
            assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, s.getKind());
        }
        Span tool = byName.get("weather_api");
        assertEquals("TOOL", attr(tool, "gen_ai.span.kind"));
        assertEquals("weather_api", attr(tool, "tool.name"));
        assertEquals("{\"timeout\":30}", attr(tool, "tool.description"));
        assertEquals("{\"location\":\"San Francisco\"}", attr(tool, "tool.parameters"));
        assertEquals("{\"temperature\": 72}", attr(tool, "output.value"));
        assertEquals(StatusCode.STATUS_CODE_ERROR, tool.getStatus().getCode());
        assertEquals("timeout", tool.getStatus().getMessage());
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), tool.getEndTimeUnixNano());
        assertArrayEquals(AliyunIds.span(Tasks.taskId("ToolTraceInfo"), "tool"), tool.getSpanId().toByteArray(),
                "derived from the task: a resent batch repeats it");

        Span retrieval = byName.get("dataset_retrieval");
        assertEquals("RETRIEVER", attr(retrieval, "gen_ai.span.kind"));
        assertEquals("installation guide", attr(retrieval, "retrieval.query"));
        var docs = Json.createReader(new java.io.StringReader(attr(retrieval, "retrieval.document"))).readArray();
        assertEquals(2, docs.size());
        assertEquals("install it", docs.getJsonObject(0).getString("content"));
        assertEquals("doc1", docs.getJsonObject(0).getJsonObject("metadata").getString("document_id"));
        assertEquals("seg1", docs.getJsonObject(0).getJsonObject("metadata").getString("doc_id"));
        assertEquals(0.95, docs.getJsonObject(0).getJsonNumber("score").doubleValue());
        assertEquals(StatusCode.STATUS_CODE_UNSET, retrieval.getStatus().getCode(), "Dify sets no outcome on retrievals");

        Span suggested = byName.get("suggested_question");
        assertArrayEquals(spanId(Tasks.MESSAGE, "suggested_question"), suggested.getSpanId().toByteArray());
        assertEquals("LLM", attr(suggested, "gen_ai.span.kind"));
        assertEquals("[\"What about tomorrow?\",\"Is it raining?\"]", attr(suggested, "gen_ai.completion"));
        assertEquals(StatusCode.STATUS_CODE_OK, suggested.getStatus().getCode());
    }

    @Test
    void typesAliyunDoesNotTraceAreDeliveredWithoutARequest() {
        List<TaskEnvelope> ignored = List.of(Tasks.moderation(), Tasks.generateName(), Tasks.promptGeneration(""),
                Tasks.draftNode(), Tasks.appEvent("created"), Tasks.feedback(),
                Tasks.envelope("WorkflowNodeTraceInfo", Tasks.node(Tasks.LLM_NODE, "llm", 1).build()),
                Tasks.envelope("ToolTraceInfo", Json.createObjectBuilder(Tasks.tool("").traceInfo()).remove("message_id")
                        .add("metadata", Json.createObjectBuilder()).build()));
        for (TaskEnvelope t : ignored) {
            assertEquals(Map.of("d", ExportOutcome.delivered()), exporter.export(destination(), List.of(new ExportItem("d", t, RECEIVED))),
                    t.type().name());
        }
        assertTrue(backend.requests().isEmpty());
    }

    @Test
    void ignoredTypesAddNothingToABatchThatHasSpans() throws Exception {
        Map<String, Span> byName = sent(Tasks.moderation(), Tasks.message(""), Tasks.generateName());
        assertEquals(java.util.Set.of("message", "llm"), byName.keySet());
    }

    @Test
    void anExternalHexTraceIdBecomesALinkFromTheTopSpan() throws Exception {
        String external = "4bf92f3577b34da6a3ce929d0e0e4736";
        TaskEnvelope linked = Tasks.message("").withRequestContext(external, null);
        Map<String, Span> byName = sent(linked);
        Span message = byName.get("message");
        assertArrayEquals(traceId(Tasks.MESSAGE), message.getTraceId().toByteArray(), "the trace id stays the message's");
        assertEquals(1, message.getLinksCount());
        assertEquals(external, HexFormat.of().formatHex(message.getLinks(0).getTraceId().toByteArray()));
        assertArrayEquals(new byte[8], message.getLinks(0).getSpanId().toByteArray());
        assertEquals(0, byName.get("llm").getLinksCount());

        assertNull(AliyunIds.linkedTrace("checkout_run-7"), "not hex: no link");
        assertNull(AliyunIds.linkedTrace("0000"), "zero is no trace");
        assertEquals("000000000000000000000000000000ab", HexFormat.of().formatHex(AliyunIds.linkedTrace("AB")));
        assertEquals(Tasks.MESSAGE.replace("-", ""), HexFormat.of().formatHex(AliyunIds.linkedTrace(Tasks.MESSAGE)));
    }

    @Test
    void aSessionIdFromTheRequestWinsOverTheConversation() throws Exception {
        Map<String, Span> byName = sent(Tasks.message("").withRequestContext(null, "sess-42"));
        assertEquals("sess-42", attr(byName.get("llm"), "gen_ai.session.id"));
        assertEquals(Tasks.CONVERSATION, attr(byName.get("llm"), "gen_ai.conversation.id"));
    }
}
