package org.tracerelay.export.opik;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.tracerelay.task.TaskEnvelope;

/** The traces and spans Opik receives over its batch endpoints, the answers, the check and the project URL. */
class OpikExporterTest {

    static final Instant RUN_START = Instant.parse("2026-11-21T09:00:00Z");

    FakeBackend opik;
    OpikExporter exporter;

    @BeforeEach
    void start() throws Exception {
        opik = opik();
        exporter = new OpikExporter();
        exporter.http = FakeBackend.http();
        exporter.checkTimeout = Duration.ofSeconds(2);
        // An hour after the tasks ran: within Opik's id window, so ids embed the tasks' own times.
        exporter.clock = java.time.Clock.fixed(RUN_START.plus(Duration.ofHours(1)), java.time.ZoneOffset.UTC);
    }

    /** Opik takes a batch with 204 No Content and no body. */
    static FakeBackend opik() throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.answer(r -> FakeBackend.Answer.of(204, ""));
        return backend;
    }

    @AfterEach
    void stop() {
        opik.close();
    }

    Destination destination(String base, String apiKey, String workspace) {
        return new Destination("opik/app", "opik", Tasks.APP,
                Map.of("api_key", apiKey, "project", "dify project", "workspace", workspace, "url", base + "/opik/api/"));
    }

    Destination destination() {
        return destination(opik.url(), "opik-key", "team-a");
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    static TaskEnvelope workflow(JsonObject info) {
        return new TaskEnvelope(Tasks.taskId("wf-" + info.hashCode()), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
    }

    List<JsonObject> sent(String path, String field) {
        List<JsonObject> out = new ArrayList<>();
        for (FakeBackend.Request r : opik.requests()) {
            if (r.target().equals("/opik/api/v1/private/" + path + "/batch")) {
                out.addAll(Json.createReader(new StringReader(r.text())).readObject().getJsonArray(field)
                        .getValuesAs(JsonValue::asJsonObject));
            }
        }
        return out;
    }

    List<JsonObject> traces() {
        return sent("traces", "traces");
    }

    List<JsonObject> spans() {
        return sent("spans", "spans");
    }

    Map<String, JsonObject> spansByName() {
        return spans().stream().collect(Collectors.toMap(s -> s.getString("name"), s -> s, (a, b) -> a));
    }

    static List<String> tags(JsonObject o) {
        return o.getJsonArray("tags").getValuesAs(JsonValue::toString).stream().map(s -> s.replace("\"", "")).toList();
    }

    @Test
    void chatflowIsAMessageTraceWithTheWorkflowSpanAndItsNodes() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), outcomes);
        List<FakeBackend.Request> requests = opik.requests();
        assertEquals(List.of("/opik/api/v1/private/traces/batch", "/opik/api/v1/private/spans/batch"),
                requests.stream().map(FakeBackend.Request::target).toList(), "traces first");
        for (FakeBackend.Request r : requests) {
            assertEquals("POST", r.method());
            assertEquals("opik-key", r.headers().get("authorization"), "the raw key, no Bearer");
            assertEquals("team-a", r.headers().get("comet-workspace"));
            assertEquals("application/json", r.headers().get("content-type"));
        }
        List<JsonObject> traces = traces();
        assertEquals(1, traces.size());
        JsonObject trace = traces.get(0);
        String traceId = OpikIds.uuid7(RUN_START, Tasks.MESSAGE);
        assertEquals(traceId, trace.getString("id"));
        assertEquals("message", trace.getString("name"));
        assertEquals(List.of("message", "workflow"), tags(trace));
        assertEquals(Tasks.CONVERSATION, trace.getString("thread_id"));
        assertEquals("dify project", trace.getString("project_name"));
        assertEquals("2026-11-21T09:00:00Z", trace.getString("start_time"));
        assertEquals("2026-11-21T09:00:04Z", trace.getString("end_time"));
        assertEquals("What is the weather?", trace.getJsonObject("input").getString("query"));
        assertEquals("sunny", trace.getJsonObject("output").getString("answer"));
        assertEquals("dify", trace.getJsonObject("metadata").getString("created_from"));
        assertFalse(trace.containsKey("error_info"));

        Map<String, JsonObject> spans = spansByName();
        assertEquals(4, spans().size(), "workflow + 3 nodes; the message is the trace, not a span");
        spans().forEach(s -> assertEquals(traceId, s.getString("trace_id")));
        spans().forEach(s -> assertEquals("dify", s.getJsonObject("metadata").getString("created_from")));
        JsonObject root = spans.get("workflow");
        assertEquals(OpikIds.uuid7(RUN_START, Tasks.RUN), root.getString("id"), "with a message the root span's seed is the run id");
        assertFalse(root.containsKey("parent_span_id"));
        assertEquals("general", root.getString("type"));
        assertEquals(List.of("workflow"), tags(root));
        JsonObject llm = spans.get("LLM");
        assertEquals(OpikIds.uuid7(Instant.parse("2026-11-21T09:00:01Z"), Tasks.LLM_NODE), llm.getString("id"));
        assertEquals(root.getString("id"), llm.getString("parent_span_id"));
        assertEquals("llm", llm.getString("type"));
        assertEquals("gpt-4", llm.getString("model"));
        assertEquals("openai", llm.getString("provider"));
        assertEquals(Json.createObjectBuilder().add("prompt_tokens", 120).add("completion_tokens", 85).add("total_tokens", 205).build(),
                llm.getJsonObject("usage"));
        assertEquals(0.0123, llm.getJsonNumber("total_estimated_cost").doubleValue(), 1e-9);
        assertEquals("2026-11-21T09:00:01Z", llm.getString("start_time"));
        assertEquals("2026-11-21T09:00:01.500Z", llm.getString("end_time"), "start + elapsed_time");
        assertEquals("...", llm.getJsonObject("input").getString("input"), "a non-object input is wrapped");
        for (String node : List.of("TOOL", "KNOWLEDGE-RETRIEVAL")) {
            assertEquals("tool", spans.get(node).getString("type"), node);
            assertEquals(root.getString("id"), spans.get(node).getString("parent_span_id"), node);
            assertFalse(spans.get(node).containsKey("usage"), node);
        }
        assertEquals(Tasks.TOOL_NODE, spans.get("TOOL").getJsonObject("metadata").getString("node_execution_id"));
    }

    @Test
    void workflowWithoutMessageIsAWorkflowTraceAndItsRootSpanSeedIsMd5OfRunRoot() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("failed", "boom").traceInfo()).remove("message_id").build();
        exporter.export(destination(), List.of(item("d1", workflow(info))));
        JsonObject trace = traces().get(0);
        String traceId = OpikIds.uuid7(RUN_START, Tasks.RUN);
        assertEquals(traceId, trace.getString("id"));
        assertEquals("workflow", trace.getString("name"));
        assertEquals(List.of("workflow"), tags(trace));
        assertEquals("boom", trace.getJsonObject("error_info").getString("message"));
        JsonObject root = spansByName().get("workflow");
        assertEquals(OpikIds.uuid7(RUN_START, OpikIds.md5Uuid4(Tasks.RUN + "-root").toString()), root.getString("id"));
        assertNotEquals(traceId, root.getString("id"));
        assertFalse(root.containsKey("parent_span_id"));
        assertEquals("boom", root.getJsonObject("error_info").getString("message"));
        assertEquals("error", root.getJsonObject("error_info").getString("exception_type"));
        assertEquals(root.getString("id"), spansByName().get("LLM").getString("parent_span_id"));
    }

    @Test
    void aResendCarriesTheSameIds() throws Exception {
        exporter.export(destination(), List.of(item("d1", Tasks.workflow("succeeded", "")), item("d2", Tasks.tool(""))));
        List<JsonObject> first = new ArrayList<>(traces());
        first.addAll(spans());
        opik.close();
        opik = opik();
        exporter.export(destination(), List.of(new ExportItem("d1", Tasks.workflow("succeeded", ""), Instant.now()),
                new ExportItem("d2", Tasks.tool(""), Instant.now())));
        List<JsonObject> again = new ArrayList<>(traces());
        again.addAll(spans());
        assertEquals(first.stream().map(o -> o.getString("id")).toList(), again.stream().map(o -> o.getString("id")).toList());
        assertEquals(first.stream().map(o -> o.getString("trace_id", "")).toList(), again.stream().map(o -> o.getString("trace_id", "")).toList());
    }

    @Test
    void anExternalTraceIdSeedsTheTrace() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("trace_id", "ext-trace-1").build();
        exporter.export(destination(), List.of(item("d1", workflow(info))));
        String traceId = OpikIds.uuid7(RUN_START, OpikIds.md5Uuid4("ext-trace-1").toString());
        assertEquals(traceId, traces().get(0).getString("id"));
        spans().forEach(s -> assertEquals(traceId, s.getString("trace_id")));
    }

    @Test
    void messageAndTheSpansAroundIt() {
        exporter.export(destination(), List.of(item("m", Tasks.message("")), item("t", Tasks.tool("timeout")),
                item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()), item("r", Tasks.datasetRetrieval())));
        String messageTrace = OpikIds.uuid7(RUN_START, Tasks.MESSAGE);
        List<JsonObject> traces = traces();
        assertEquals(1, traces.size(), "only the message makes a trace");
        JsonObject trace = traces.get(0);
        assertEquals(messageTrace, trace.getString("id"));
        assertEquals("message", trace.getString("name"));
        assertEquals(List.of("message", "chat"), tags(trace));
        assertEquals(Tasks.CONVERSATION, trace.getString("thread_id"));
        assertEquals("The weather is sunny.", trace.getJsonObject("output").getString("output"));
        Map<String, JsonObject> spans = spansByName();
        JsonObject llm = spans.get("llm");
        assertEquals("llm", llm.getString("type"));
        assertFalse(llm.containsKey("parent_span_id"));
        assertEquals("gpt-4", llm.getString("model"));
        assertEquals(205, llm.getJsonObject("usage").getInt("total_tokens"));
        assertEquals(120, llm.getJsonObject("usage").getInt("prompt_tokens"));
        assertEquals("2026-11-21T09:00:02.450Z", llm.getString("end_time"));
        for (String name : List.of("llm", "weather_api", "moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals(messageTrace, spans.get(name).getString("trace_id"), name);
            assertFalse(spans.get(name).containsKey("parent_span_id"), name);
        }
        for (String name : List.of("weather_api", "moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals("tool", spans.get(name).getString("type"), name);
        }
        JsonObject tool = spans.get("weather_api");
        assertEquals(OpikIds.uuid7(RUN_START, Tasks.taskId("ToolTraceInfo")), tool.getString("id"));
        assertEquals("timeout", tool.getJsonObject("error_info").getString("message"));
        assertEquals("", tool.getJsonObject("error_info").getString("traceback"));
        assertEquals("San Francisco", tool.getJsonObject("input").getString("location"));
        assertEquals("2026-11-21T09:00:02.450Z", tool.getString("end_time"));
        assertEquals(2, spans.get("dataset_retrieval").getJsonObject("output").getJsonArray("documents").size());
    }

    @Test
    void generateNameIsATraceWithOneSpan() {
        exporter.export(destination(), List.of(item("g", Tasks.generateName())));
        JsonObject trace = traces().get(0);
        assertEquals("generate_conversation_name", trace.getString("name"));
        assertEquals(OpikIds.uuid7(RUN_START, Tasks.CONVERSATION), trace.getString("id"));
        JsonObject span = spans().get(0);
        assertEquals("generate_conversation_name", span.getString("name"));
        assertEquals(trace.getString("id"), span.getString("trace_id"));
        assertEquals("tool", span.getString("type"));
        assertEquals("Weather Inquiry", span.getJsonObject("output").getString("output"));
    }

    @Test
    void aNestedWorkflowIsATraceOfItsOwn() {
        exporter.export(destination(), List.of(item("n", Tasks.nestedWorkflow())));
        JsonObject trace = traces().get(0);
        assertEquals(OpikIds.uuid7(RUN_START, Tasks.NESTED_RUN), trace.getString("id"));
        assertEquals("workflow", trace.getString("name"));
        JsonObject root = spansByName().get("workflow");
        assertFalse(root.containsKey("parent_span_id"), "the calling tool node's Opik id is not known here");
        assertEquals(root.getString("id"), spansByName().get("LLM").getString("parent_span_id"));
    }

    @Test
    void payloadsOpikDoesNotTakeAreDeliveredAsNothingToSend() {
        TaskEnvelope node = Tasks.envelope("WorkflowNodeTraceInfo", Tasks.node(Tasks.LLM_NODE, "llm", 1).build());
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), List.of(item("a", Tasks.draftNode()), item("b", node),
                item("c", Tasks.promptGeneration("")), item("d", Tasks.appEvent("created")), item("e", Tasks.feedback())));
        assertEquals(5, outcomes.size());
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertTrue(opik.requests().isEmpty());
    }

    @Test
    void atMostOneThousandObjectsPerRequest() {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo())
                    .add("workflow_run_id", UUID.randomUUID().toString()).add("message_id", UUID.randomUUID().toString()).build();
            items.add(item("d" + i, workflow(info)));
        }
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), items);
        assertEquals(300, outcomes.size());
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertEquals(300, traces().size());
        assertEquals(1200, spans().size());
        assertEquals(4, opik.requests().size(), "two groups of at most 1000 spans, each a traces and a spans request");
        for (FakeBackend.Request r : opik.requests()) {
            JsonObject body = Json.createReader(new StringReader(r.text())).readObject();
            JsonValue list = body.containsKey("spans") ? body.get("spans") : body.get("traces");
            assertTrue(list.asJsonArray().size() <= 1000);
            assertTrue(r.body().length <= OpikExporter.MAX_BYTES);
        }
    }

    @Test
    void anObjectOverTheRequestLimitDiesAloneWithoutBeingSent() {
        JsonObject info = Json.createObjectBuilder(Tasks.message("").traceInfo())
                .add("outputs", "x".repeat(OpikExporter.MAX_BYTES + 10)).build();
        TaskEnvelope huge = new TaskEnvelope(Tasks.taskId("huge"), Tasks.APP, Tasks.TENANT, Tasks.message("").type(), info);
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), List.of(item("big", huge), item("ok", Tasks.tool(""))));
        assertEquals("payload_too_large", outcomes.get("big").code());
        assertEquals(ExportOutcome.delivered(), outcomes.get("ok"));
        opik.requests().forEach(r -> assertTrue(r.body().length < OpikExporter.MAX_BYTES));
    }

    ExportOutcome outcomeFor(FakeBackend.Answer answer) {
        opik.answer(r -> answer);
        return exporter.export(destination(), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.Kind.DELIVERED, outcomeFor(FakeBackend.Answer.of(204, "")).kind());
        for (int permanent : List.of(400, 401, 403, 413, 422)) {
            ExportOutcome o = outcomeFor(FakeBackend.Answer.json(permanent, "{\"errors\":[\"remote body\"]}"));
            assertTrue(o.isDead(), "" + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote body"));
        }
        ExportOutcome limited = outcomeFor(new FakeBackend.Answer(429, "", Map.of("Retry-After", "7"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        for (int transient_ : List.of(500, 502, 503, 504)) {
            ExportOutcome o = outcomeFor(new FakeBackend.Answer(transient_, "", Map.of("Retry-After", "3"), Duration.ZERO));
            assertEquals(ExportOutcome.Kind.RETRY, o.kind(), "" + transient_);
            assertEquals(Duration.ofSeconds(3), o.retryAfter());
        }
        assertEquals("timeout", outcomeFor(new FakeBackend.Answer(204, "", Map.of(), Duration.ofSeconds(3))).code());
        ExportOutcome reset = exporter.export(destination(FakeBackend.resettingUrl(), "k", ""), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("network_error", reset.code());
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
    }

    @Test
    void spansRefusedAfterTheTracesWereTakenFailTheTask() {
        opik.answer(r -> r.target().contains("/spans/") ? FakeBackend.Answer.of(503, "") : FakeBackend.Answer.of(204, ""));
        assertEquals("http_503", exporter.export(destination(), List.of(item("d1", Tasks.message("")))).get("d1").code());
        opik.answer(r -> r.target().contains("/traces/") ? FakeBackend.Answer.of(503, "") : FakeBackend.Answer.of(204, ""));
        int before = opik.requests().size();
        exporter.export(destination(), List.of(item("d1", Tasks.message(""))));
        assertEquals(1, opik.requests().size() - before, "no spans for traces Opik did not take");
    }

    @Test
    void aWholeBatchRefusedForGoodIsBisectedSoThePoisonTaskDiesAlone() {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.tool(i == 5 ? "poison" : "fine " + i)));
        }
        // tool calls are spans only: the spans request is the one refused and bisected
        opik.answer(r -> new String(r.body(), StandardCharsets.UTF_8).contains("poison")
                ? FakeBackend.Answer.json(400, "{\"errors\":[\"bad span\"]}") : FakeBackend.Answer.of(204, ""));
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), items);
        assertEquals("http_400", outcomes.get("d5").code());
        for (int i = 0; i < 8; i++) {
            if (i != 5) {
                assertEquals(ExportOutcome.Kind.DELIVERED, outcomes.get("d" + i).kind(), "d" + i);
            }
        }
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (FakeBackend.Request r : opik.requests()) {
            if (r.target().endsWith("/spans/batch") && !r.text().contains("poison")) {
                Json.createReader(new StringReader(r.text())).readObject().getJsonArray("spans").getValuesAs(JsonValue::asJsonObject)
                        .forEach(x -> taken.add(x.getJsonObject("error_info").getString("message")));
            }
        }
        long delivered = taken.size();
        assertEquals(7, delivered);
    }

    @Test
    void aDestinationProblemIsNotBisected() {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.tool("fine " + i)));
        }
        for (int status : List.of(401, 403, 404)) {
            int before = opik.requests().size();
            opik.answer(r -> FakeBackend.Answer.of(status, ""));
            Map<String, ExportOutcome> outcomes = exporter.export(destination(), items);
            assertEquals(8, outcomes.size());
            outcomes.values().forEach(o -> assertEquals("http_" + status, o.code()));
            assertEquals(1, opik.requests().size() - before, "one request, not 2n-1");
        }
    }

    @Test
    void theCheckListsOneProject() {
        opik.answer(r -> FakeBackend.Answer.json(200, "{\"content\":[],\"page\":1,\"size\":1,\"total\":0}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination()));
        FakeBackend.Request r = opik.requests().get(0);
        assertEquals("GET", r.method());
        assertEquals("/opik/api/v1/private/projects?size=1", r.target());
        assertEquals("opik-key", r.headers().get("authorization"));
        assertEquals("team-a", r.headers().get("comet-workspace"));
        opik.answer(x -> FakeBackend.Answer.json(401, "{\"errors\":[\"no\"]}"));
        assertEquals("http_401", exporter.verify(destination()).code());
        opik.answer(x -> FakeBackend.Answer.of(503, ""));
        assertEquals(ExportOutcome.Kind.RETRY, exporter.verify(destination()).kind());
    }

    @Test
    void selfHostedWithoutAKeySendsNoAuthorizationAndTheDefaultWorkspace() {
        opik.answer(r -> FakeBackend.Answer.json(200, "{}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(opik.url(), "", "")));
        FakeBackend.Request r = opik.requests().get(0);
        assertNull(r.headers().get("authorization"));
        assertEquals("default", r.headers().get("comet-workspace"));
    }

    @Test
    void projectUrlWithTheWorkspace() {
        assertEquals(opik.url() + "/opik/team-a/redirect/projects?name=dify%20project", exporter.projectUrl(destination()).orElseThrow());
        assertTrue(opik.requests().isEmpty(), "a named workspace needs no look-up");
        opik.answer(r -> FakeBackend.Answer.json(200, "{\"workspace_name\":\"alice-ws\"}"));
        assertEquals(opik.url() + "/opik/alice-ws/redirect/projects?name=dify%20project",
                exporter.projectUrl(destination(opik.url(), "opik-key", "default")).orElseThrow());
        assertEquals("/opik/api/v1/private/auth/workspace", opik.requests().get(0).target());
        assertEquals("default", opik.requests().get(0).headers().get("comet-workspace"));
        opik.answer(r -> FakeBackend.Answer.of(404, ""));
        assertEquals(opik.url() + "/opik/default/redirect/projects?name=dify%20project",
                exporter.projectUrl(destination(opik.url(), "", "")).orElseThrow(), "a self-hosted Opik keeps default");
    }

    @Test
    void configDefaultsAndMessages() {
        var applied = OpikConfig.MODEL.apply(Map.of("api_key", "k", "project", " ", "url", ""));
        assertTrue(applied.valid());
        assertEquals("Default Project", applied.config().get("project"));
        assertEquals("https://www.comet.com/opik/api/", applied.config().get("url"));
        Map<String, String> messages = new HashMap<>();
        OpikConfig.MODEL.apply(Map.of("url", "https://www.comet.com/opik/")).violations()
                .forEach(v -> messages.put(v.path(), v.message()));
        assertEquals(Map.of("tracing_config.url", "URL should end with /api/"), messages);
        messages.clear();
        OpikConfig.MODEL.apply(Map.of("url", "ftp://opik.internal/api/")).violations().forEach(v -> messages.put(v.path(), v.message()));
        assertEquals(Map.of("tracing_config.url", "URL must start with https:// or http://"), messages);
        assertTrue(OpikConfig.MODEL.isSecret("api_key"));
        assertFalse(OpikConfig.MODEL.isSecret("workspace"));
        assertTrue(OpikConfig.MODEL.apply(Map.of()).valid(), "a self-hosted Opik needs no key");
    }
}
