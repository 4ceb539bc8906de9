package org.tracerelay.export.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
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
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.task.TaskEnvelope;

/** The legacy ingestion events a v2/v3 Langfuse receives, and what each answer does to the deliveries. */
class LangfuseExporterTest {

    FakeBackend backend;
    LangfuseExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = LangfuseV4.exporter();
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    /** A v2/v3 server's destination: the JSON ingestion API. */
    Destination destination(String host) {
        return new Destination("langfuse/app", "langfuse", Tasks.APP, Map.of("public_key", "pk-lf", "secret_key", "sk-lf", "host", host,
                "ingestion", "legacy"));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    List<JsonObject> events() {
        return backend.requests().stream().flatMap(r -> Json.createReader(new StringReader(r.text())).readObject()
                .getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()).toList();
    }

    JsonObject body(String type, String id) {
        return events().stream().filter(e -> e.getString("type").equals(type) && e.getJsonObject("body").getString("id").equals(id))
                .findFirst().orElseThrow(() -> new AssertionError(type + " " + id + " not sent")).getJsonObject("body");
    }

    @Test
    void workflowWithMessageIsAMessageTraceWithTheWorkflowAsSpanAndLlmNodeAsGeneration() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), outcomes);
        FakeBackend.Request r = backend.requests().get(0);
        assertEquals("POST", r.method());
        assertEquals("/api/public/ingestion", r.target());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("pk-lf:sk-lf".getBytes()), r.headers().get("authorization"));

        JsonObject trace = body("trace-create", Tasks.MESSAGE);
        assertEquals("message", trace.getString("name"));
        assertEquals(List.of("message", "workflow"), trace.getJsonArray("tags").getValuesAs(v -> ((jakarta.json.JsonString) v).getString()));
        assertEquals("u-1", trace.getString("userId"));
        assertEquals(Tasks.CONVERSATION, trace.getString("sessionId"));

        JsonObject workflow = body("span-create", Tasks.RUN);
        assertEquals("workflow", workflow.getString("name"));
        assertEquals(Tasks.MESSAGE, workflow.getString("traceId"));
        assertFalse(workflow.containsKey("parentObservationId"), "the workflow sits directly under the message trace");
        assertEquals("2026-11-21T09:00:00Z", workflow.getString("startTime"));
        assertEquals("2026-11-21T09:00:04Z", workflow.getString("endTime"));

        JsonObject llm = body("generation-create", Tasks.LLM_NODE);
        assertEquals(Tasks.RUN, llm.getString("parentObservationId"));
        assertEquals("gpt-4", llm.getString("model"));
        assertEquals(Json.createObjectBuilder().add("unit", "TOKENS").add("input", 120).add("output", 85).add("total", 205)
                .add("totalCost", 0.0123).build(), llm.getJsonObject("usage"));
        assertEquals("DEFAULT", llm.getString("level"));
        assertEquals("llm", llm.getJsonObject("metadata").getString("node_type"));
        JsonObject tool = body("span-create", Tasks.TOOL_NODE);
        assertEquals(Tasks.RUN, tool.getString("parentObservationId"));
        assertEquals(5, events().size(), "trace + workflow span + three nodes");
    }

    @Test
    void workflowWithoutMessageIsAWorkflowTraceWithNodesUnderIt() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("failed", "boom").traceInfo()).remove("message_id").build();
        TaskEnvelope task = new TaskEnvelope(Tasks.taskId("wf"), Tasks.APP, Tasks.TENANT, Tasks.workflow("failed", "boom").type(), info);
        exporter.export(destination(backend.url()), List.of(item("d1", task)));
        JsonObject trace = body("trace-create", Tasks.RUN);
        assertEquals("workflow", trace.getString("name"));
        assertEquals(List.of("workflow"), trace.getJsonArray("tags").getValuesAs(v -> ((jakarta.json.JsonString) v).getString()));
        assertTrue(events().stream().noneMatch(e -> e.getJsonObject("body").getString("id").equals(Tasks.RUN)
                && e.getString("type").equals("span-create")), "no workflow span: the workflow is the trace");
        assertFalse(body("generation-create", Tasks.LLM_NODE).containsKey("parentObservationId"));
    }

    @Test
    void messageIsATraceWithAnLlmGeneration() {
        exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("rate limited"))));
        JsonObject trace = body("trace-create", Tasks.MESSAGE);
        assertEquals("message", trace.getString("name"));
        JsonObject generation = events().stream().filter(e -> e.getString("type").equals("generation-create")).findFirst()
                .orElseThrow().getJsonObject("body");
        assertEquals("llm", generation.getString("name"));
        assertEquals("ERROR", generation.getString("level"));
        assertEquals("rate limited", generation.getString("statusMessage"));
        assertEquals(205, generation.getJsonObject("usage").getInt("total"));
        assertEquals("[{\"role\":\"assistant\",\"content\":\"The weather is sunny.\"}]", generation.get("output").toString(),
                "a string output becomes one assistant message");
    }

    @Test
    void eventsAroundAMessageHangUnderItsTrace() {
        exporter.export(destination(backend.url()), List.of(item("t", Tasks.tool("timeout")), item("m", Tasks.moderation()),
                item("s", Tasks.suggestedQuestion()), item("r", Tasks.datasetRetrieval())));
        Map<String, JsonObject> byName = events().stream().map(e -> e.getJsonObject("body"))
                .collect(Collectors.toMap(b -> b.getString("name"), b -> b));
        for (String name : List.of("weather_api", "moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals(Tasks.MESSAGE, byName.get(name).getString("traceId"), name);
            assertFalse(byName.get(name).containsKey("parentObservationId"), name);
        }
        assertEquals("ERROR", byName.get("weather_api").getString("level"));
        assertEquals("CHARACTERS", byName.get("suggested_question").getJsonObject("usage").getString("unit"));
        assertEquals(2, byName.get("dataset_retrieval").getJsonObject("output").getJsonArray("documents").size());
        assertTrue(events().stream().noneMatch(e -> e.getString("type").equals("trace-create")), "the message task made the trace");
    }

    @Test
    void generateNameIsATraceAndASpanOnTheConversation() {
        exporter.export(destination(backend.url()), List.of(item("g", Tasks.generateName()), item("p", Tasks.promptGeneration(""))));
        JsonObject trace = body("trace-create", Tasks.CONVERSATION);
        assertEquals("generate_conversation_name", trace.getString("name"));
        assertEquals(Tasks.TENANT, trace.getString("userId"));
        JsonObject span = events().stream().filter(e -> e.getString("type").equals("span-create")).findFirst().orElseThrow().getJsonObject("body");
        assertEquals(Tasks.CONVERSATION, span.getString("traceId"));
        JsonObject prompt = events().stream().filter(e -> e.getString("type").equals("generation-create")).findFirst().orElseThrow().getJsonObject("body");
        assertEquals("rule_generate", prompt.getString("name"));
        assertEquals(80, prompt.getJsonObject("usage").getInt("total"));
    }

    @Test
    void draftNodeIsItsOwnTraceAndASingleNodeJoinsItsRun() {
        JsonObject single = Json.createObjectBuilder(Tasks.draftNode().traceInfo()).add("node_execution_id", Tasks.TOOL_NODE).build();
        exporter.export(destination(backend.url()), List.of(item("draft", Tasks.draftNode()),
                item("node", new TaskEnvelope(Tasks.taskId("node"), Tasks.APP, Tasks.TENANT,
                        org.tracerelay.task.TraceInfoType.WorkflowNodeTraceInfo, single))));
        JsonObject trace = body("trace-create", Tasks.LLM_NODE);
        assertEquals("LLM", trace.getString("name"));
        JsonObject draft = body("generation-create", Tasks.LLM_NODE);
        assertEquals(Tasks.LLM_NODE, draft.getString("traceId"));
        assertFalse(draft.containsKey("parentObservationId"));
        JsonObject node = body("generation-create", Tasks.TOOL_NODE);
        assertEquals(Tasks.RUN, node.getString("traceId"), "a node sent on its own joins its run's trace");
        assertEquals(Tasks.RUN, node.getString("parentObservationId"));
        assertEquals("2026-11-21T09:00:01Z", node.getString("startTime"));
        assertEquals("2026-11-21T09:00:01.500Z", node.getString("endTime"), "end = start + elapsed_time");
        assertTrue(node.getJsonObject("metadata").keySet().containsAll(List.of("workflow_run_id", "node_execution_id",
                "tenant_id", "app_id", "node_name", "node_type", "status", "model_provider", "model_name")));
    }

    @Test
    void appAndFeedbackEventsAreNotTracesAndSendNothing() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()),
                List.of(item("a", Tasks.appEvent("created")), item("f", Tasks.feedback())));
        assertEquals(Map.of("a", ExportOutcome.delivered(), "f", ExportOutcome.delivered()), outcomes);
        assertTrue(backend.requests().isEmpty());
    }

    @Test
    void eventIdsRepeatOnAResend() {
        exporter.export(destination(backend.url()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        exporter.export(destination(backend.url()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        List<String> ids = events().stream().map(e -> e.getString("id")).toList();
        assertEquals(ids.subList(0, 5), ids.subList(5, 10));
    }

    // --- answers

    ExportOutcome outcomeFor(FakeBackend.Answer answer) {
        backend.answer(r -> answer);
        return exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void partialSuccessFailsOnlyTheRefusedTaskWithTheBackendsReason() {
        backend.answer(r -> {
            JsonObject body = Json.createReader(new StringReader(r.text())).readObject();
            String toolEvent = body.getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()
                    .filter(e -> e.getJsonObject("body").getString("name").equals("weather_api")).findFirst().orElseThrow().getString("id");
            String moderationEvent = body.getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()
                    .filter(e -> e.getJsonObject("body").getString("name").equals("moderation")).findFirst().orElseThrow().getString("id");
            return FakeBackend.Answer.json(207, "{\"successes\":[],\"errors\":[{\"id\":\"" + toolEvent
                    + "\",\"status\":400,\"message\":\"Invalid request data: startTime\"},{\"id\":\"" + moderationEvent
                    + "\",\"status\":503,\"message\":\"try later\"}]}");
        });
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("ok", Tasks.message("")),
                item("bad", Tasks.tool("")), item("later", Tasks.moderation())));
        assertEquals(ExportOutcome.delivered(), outcomes.get("ok"));
        assertTrue(outcomes.get("bad").isDead());
        assertEquals("langfuse_400", outcomes.get("bad").code());
        assertTrue(outcomes.get("bad").detail().contains("Invalid request data: startTime"));
        assertEquals(ExportOutcome.Kind.RETRY, outcomes.get("later").kind());
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.Kind.DELIVERED, outcomeFor(FakeBackend.Answer.json(200, "{\"successes\":[],\"errors\":[]}")).kind());
        for (int permanent : List.of(400, 401, 403, 413)) {
            ExportOutcome o = outcomeFor(FakeBackend.Answer.of(permanent, "{\"message\":\"secret-ish remote body\"}"));
            assertTrue(o.isDead(), "" + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote body"), "a remote body never lands in the delivery");
        }
        ExportOutcome limited = outcomeFor(new FakeBackend.Answer(429, "", Map.of("Retry-After", "42"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(42), limited.retryAfter());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(500, "")).kind());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(503, "")).kind());
        ExportOutcome slow = outcomeFor(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3)));
        assertEquals("timeout", slow.code());
        assertEquals(ExportOutcome.Kind.RETRY, slow.kind());
        ExportOutcome reset = exporter.export(destination(FakeBackend.resettingUrl()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("network_error", reset.code());
    }

    @Test
    void batchesStayUnderTheLimitAndKeepATasksEventsTogether() {
        String big = "x".repeat(900_000);
        List<ExportItem> items = List.of(1, 2, 3, 4, 5).stream().map(i -> item("d" + i, new TaskEnvelope(Tasks.taskId("big" + i),
                Tasks.APP, Tasks.TENANT, Tasks.message("").type(),
                Json.createObjectBuilder(Tasks.message("").traceInfo()).add("message_id", java.util.UUID.randomUUID().toString())
                        .add("outputs", big).build()))).toList();
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), items);
        assertTrue(outcomes.values().stream().allMatch(o -> o.kind() == ExportOutcome.Kind.DELIVERED));
        assertTrue(backend.requests().size() >= 2);
        backend.requests().forEach(r -> assertTrue(r.body().length < LangfuseExporter.MAX_REQUEST_BYTES));
    }

    // --- credential check and project URL (Dify's cases)

    @Test
    void credentialCheckNeedsAProject() {
        backend.answer(r -> FakeBackend.Answer.json(200, "{\"data\":[{\"id\":\"proj-1\",\"name\":\"p\"}]}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(backend.url() + "/")));
        assertEquals("/api/public/projects", backend.requests().get(0).target());
        assertEquals("GET", backend.requests().get(0).method());
        assertEquals(backend.url() + "/project/proj-1", exporter.projectUrl(destination(backend.url())).orElseThrow());
        backend.answer(r -> FakeBackend.Answer.json(200, "{\"data\":[]}"));
        ExportOutcome none = exporter.verify(destination(backend.url()));
        assertEquals("invalid_credentials", none.code());
        assertTrue(none.detail().contains("no project found"));
        backend.answer(r -> FakeBackend.Answer.json(401, "{}"));
        assertEquals("http_401", exporter.verify(destination(backend.url())).code());
        assertTrue(exporter.projectUrl(destination(backend.url())).isEmpty());
    }

    @Test
    void aProjectListCutAtTheSizeCapIsTakenAtItsStatus() {
        exporter.http = new ExportHttp(Duration.ofMillis(1500), Duration.ofMillis(1000), 16, new OutboundGuard(List.of("127.0.0.0/8")));
        backend.answer(r -> FakeBackend.Answer.json(200, "{\"data\":[{\"id\":\"proj-1\",\"name\":\"p\"}]}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(backend.url())), "a part of a list is not an empty list");
        assertTrue(exporter.projectUrl(destination(backend.url())).isEmpty(), "no project id is read from a part");
    }

    @Test
    void aPrivateHostIsRefusedBeforeAnyRequest() {
        ExportOutcome o = exporter.export(destination("http://10.1.2.3:3000"), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("destination_forbidden", o.code());
        assertNull(o.retryAfter());
    }

    @Test
    void aWholeRequestRefusedForGoodIsBisectedSoThePoisonTaskDiesAlone() {
        List<ExportItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.message(i == 5 ? "poison" : "fine " + i)));
        }
        backend.answer(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("poison")
                ? FakeBackend.Answer.of(400, "") : FakeBackend.Answer.json(200, "{\"successes\":[],\"errors\":[]}"));
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), items);
        assertEquals("http_400", outcomes.get("d5").code());
        for (int i = 0; i < 8; i++) {
            if (i != 5) {
                assertEquals(ExportOutcome.Kind.DELIVERED, outcomes.get("d" + i).kind(), "d" + i);
            }
        }
    }

    @Test
    void aDestinationProblemIsNotBisected() {
        List<ExportItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.message("fine " + i)));
        }
        for (int status : List.of(401, 403, 404)) {
            int before = backend.requests().size();
            backend.answer(r -> FakeBackend.Answer.of(status, ""));
            Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), items);
            assertEquals(8, outcomes.size());
            outcomes.values().forEach(o -> assertEquals("http_" + status, o.code()));
            assertEquals(1, backend.requests().size() - before, "one request, not 2n-1");
        }
    }
}
