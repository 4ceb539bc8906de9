package org.tracerelay.export.langsmith;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.task.TaskEnvelope;

/** The runs LangSmith receives, with consistent trace ids and dotted orders, and the answers. */
class LangSmithExporterTest {

    FakeBackend backend;
    LangSmithExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = exporter();
    }

    /** The exporter as the tests wire it: the shared HTTP client, a short check timeout. */
    static LangSmithExporter exporter() {
        LangSmithExporter exporter = new LangSmithExporter();
        exporter.http = FakeBackend.http();
        exporter.checkTimeout = Duration.ofSeconds(2);
        return exporter;
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    Destination destination(String endpoint) {
        return new Destination("langsmith/app", "langsmith", Tasks.APP,
                Map.of("api_key", " \"ls-key\" ", "project", "dify-project", "endpoint", endpoint));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    List<JsonObject> runs() {
        List<JsonObject> runs = new ArrayList<>();
        backend.requests().forEach(r -> runs.addAll(runs(r)));
        return runs;
    }

    /** The runs of one request, multipart (each run's parts put back together) or batch. */
    static List<JsonObject> runs(FakeBackend.Request r) {
        if (!r.target().endsWith("/runs/multipart")) {
            return Json.createReader(new StringReader(r.text())).readObject().getJsonArray("post").getValuesAs(JsonValue::asJsonObject);
        }
        // A run's parts follow its head part; the same id may come twice (a node sent by two tasks).
        List<jakarta.json.JsonObjectBuilder> runs = new ArrayList<>();
        for (JsonValue v : Captured.of(r).getJsonArray("body")) {
            JsonObject part = v.asJsonObject();
            String[] name = part.getString("name").split("\\.");
            if (name.length == 2) {
                runs.add(Json.createObjectBuilder(part.getJsonObject("body")));
            } else {
                runs.get(runs.size() - 1).add(name[2], part.get("body"));
            }
        }
        return runs.stream().map(jakarta.json.JsonObjectBuilder::build).toList();
    }

    Map<String, JsonObject> byId() {
        return runs().stream().collect(Collectors.toMap(r -> r.getString("id"), r -> r));
    }

    /** LangSmith's own rule: the trace id is the first segment's id, each child extends its parent's order. */
    static void assertConsistent(List<JsonObject> runs) {
        Map<String, JsonObject> byId = runs.stream().collect(Collectors.toMap(r -> r.getString("id"), r -> r));
        for (JsonObject run : runs) {
            String order = run.getString("dotted_order");
            String first = order.split("\\.")[0];
            assertEquals(run.getString("trace_id"), first.substring(first.indexOf('Z') + 1), "trace_id matches dotted_order");
            assertTrue(order.endsWith(run.getString("id")));
            if (run.containsKey("parent_run_id") && byId.containsKey(run.getString("parent_run_id"))) {
                JsonObject parent = byId.get(run.getString("parent_run_id"));
                assertTrue(order.startsWith(parent.getString("dotted_order") + "."), "child order extends the parent's");
            }
        }
    }

    @Test
    void chatflowIsAMessageRunWithTheWorkflowAndNodesBelow() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), outcomes);
        FakeBackend.Request r = backend.requests().get(0);
        assertEquals("/runs/multipart", r.target());
        assertEquals("ls-key", r.headers().get("x-api-key"), "spaces and quotes stripped");
        List<JsonObject> runs = runs();
        assertEquals(List.of(Tasks.MESSAGE, Tasks.RUN, Tasks.LLM_NODE, Tasks.TOOL_NODE, Tasks.KNOWLEDGE_NODE),
                runs.stream().map(x -> x.getString("id")).toList(), "ancestor order");
        Map<String, JsonObject> byId = byId();
        assertEquals("chain", byId.get(Tasks.MESSAGE).getString("run_type"));
        assertEquals("tool", byId.get(Tasks.RUN).getString("run_type"));
        assertEquals(Tasks.MESSAGE, byId.get(Tasks.RUN).getString("parent_run_id"));
        assertEquals("llm", byId.get(Tasks.LLM_NODE).getString("run_type"));
        assertEquals("retriever", byId.get(Tasks.KNOWLEDGE_NODE).getString("run_type"));
        assertEquals("tool", byId.get(Tasks.TOOL_NODE).getString("run_type"));
        assertEquals(Tasks.RUN, byId.get(Tasks.LLM_NODE).getString("parent_run_id"));
        runs.forEach(x -> assertEquals(Tasks.MESSAGE, x.getString("trace_id")));
        runs.forEach(x -> assertEquals("dify-project", x.getString("session_name")));
        JsonObject llm = byId.get(Tasks.LLM_NODE);
        assertEquals(Json.createObjectBuilder().add("input_tokens", 120).add("output_tokens", 85).add("total_tokens", 205).build(),
                llm.getJsonObject("outputs").getJsonObject("usage_metadata"));
        assertEquals("openai", llm.getJsonObject("extra").getJsonObject("metadata").getString("ls_provider"));
        assertEquals("gpt-4", llm.getJsonObject("extra").getJsonObject("metadata").getString("ls_model_name"));
        assertTrue(byId.get(Tasks.MESSAGE).getString("dotted_order").startsWith("20261121T090000000000Z" + Tasks.MESSAGE));
        assertConsistent(runs);
    }

    @Test
    void externalTraceIdNeverBreaksTheDottedOrder() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("trace_id", "ext-trace-1").build();
        TaskEnvelope task = new TaskEnvelope(Tasks.taskId("ext"), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
        exporter.export(destination(backend.url()), List.of(item("d1", task)));
        assertConsistent(runs());
        assertEquals("ext-trace-1", byId().get(Tasks.MESSAGE).getJsonObject("extra").getJsonObject("metadata").getString("external_trace_id"));
    }

    @Test
    void workflowWithoutMessageAndFailedNode() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("failed", "boom").traceInfo()).remove("message_id").build();
        TaskEnvelope task = new TaskEnvelope(Tasks.taskId("wf"), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
        exporter.export(destination(backend.url()), List.of(item("d1", task)));
        JsonObject root = byId().get(Tasks.RUN);
        assertFalse(root.containsKey("parent_run_id"));
        assertEquals(Tasks.RUN, root.getString("trace_id"));
        assertEquals("boom", root.getString("error"));
        assertConsistent(runs());
    }

    @Test
    void messageAndTheRunsAroundIt() {
        exporter.export(destination(backend.url()), List.of(item("m", Tasks.message("")), item("t", Tasks.tool("timeout")),
                item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()), item("r", Tasks.datasetRetrieval()),
                item("g", Tasks.generateName()), item("p", Tasks.promptGeneration(""))));
        Map<String, JsonObject> byName = runs().stream().collect(Collectors.toMap(r -> r.getString("name"), r -> r, (a, b) -> a));
        assertEquals("chain", byName.get("message").getString("run_type"));
        assertEquals("llm", byName.get("llm").getString("run_type"));
        assertEquals(Tasks.MESSAGE, byName.get("llm").getString("parent_run_id"));
        for (String name : List.of("weather_api", "moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals(Tasks.MESSAGE, byName.get(name).getString("parent_run_id"), name);
            assertEquals(Tasks.MESSAGE, byName.get(name).getString("trace_id"), name);
        }
        assertEquals("retriever", byName.get("dataset_retrieval").getString("run_type"));
        assertEquals("tool", byName.get("weather_api").getString("run_type"));
        assertEquals("timeout", byName.get("weather_api").getString("error"));
        assertEquals("tool", byName.get("generate_conversation_name").getString("run_type"));
        assertEquals("llm", byName.get("rule_generate").getString("run_type"));
        assertConsistent(runs());
    }

    @Test
    void draftNodeIsARootRun() {
        exporter.export(destination(backend.url()), List.of(item("d", Tasks.draftNode())));
        JsonObject run = byId().get(Tasks.LLM_NODE);
        assertEquals(Tasks.LLM_NODE, run.getString("trace_id"));
        assertFalse(run.containsKey("parent_run_id"));
        assertEquals("llm", run.getString("run_type"));
        assertEquals("2026-11-21T09:00:01Z", run.getString("start_time"));
        assertConsistent(runs());
    }

    @Test
    void atMostOneHundredRunsPerRequest() {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo())
                    .add("workflow_run_id", java.util.UUID.randomUUID().toString())
                    .add("message_id", java.util.UUID.randomUUID().toString()).build();
            items.add(item("d" + i, new TaskEnvelope(Tasks.taskId("w" + i), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info)));
        }
        exporter.export(destination(backend.url()), items);
        assertEquals(150, runs().size());
        assertEquals(2, backend.requests().size());
        backend.requests().forEach(r -> assertTrue(runs(r).size() <= 100));
    }

    ExportOutcome outcomeFor(FakeBackend.Answer answer) {
        backend.answer(r -> answer);
        return exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.Kind.DELIVERED, outcomeFor(FakeBackend.Answer.json(202, "{}")).kind());
        for (int permanent : List.of(400, 401, 403, 413)) {
            ExportOutcome o = outcomeFor(FakeBackend.Answer.of(permanent, "{\"detail\":\"remote body\"}"));
            assertTrue(o.isDead());
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote body"));
        }
        ExportOutcome limited = outcomeFor(new FakeBackend.Answer(429, "", Map.of("Retry-After", "7"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(500, "")).kind());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(503, "")).kind());
        assertEquals("timeout", outcomeFor(new FakeBackend.Answer(202, "", Map.of(), Duration.ofSeconds(3))).code());
        ExportOutcome reset = exporter.export(destination(FakeBackend.resettingUrl()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("network_error", reset.code());
    }

    @Test
    void credentialCheckAndProjectUrl() {
        backend.answer(r -> FakeBackend.Answer.json(200, "[{\"id\":\"p-1\",\"tenant_id\":\"t-1\",\"name\":\"dify-project\"}]"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(backend.url())));
        assertEquals("/sessions?name=dify-project&limit=1", backend.requests().get(0).target());
        assertEquals(backend.url() + "/o/t-1/projects/p/p-1", exporter.projectUrl(destination(backend.url())).orElseThrow());
        backend.answer(r -> FakeBackend.Answer.json(401, "{}"));
        assertEquals("http_401", exporter.verify(destination(backend.url())).code());
        assertEquals("https://smith.langchain.com", LangSmithExporter.web("https://api.smith.langchain.com"));
        assertEquals("https://eu.smith.langchain.com", LangSmithExporter.web("https://eu.api.smith.langchain.com"));
    }

    @Test
    void aWholeRequestRefusedForGoodIsBisectedSoThePoisonTaskDiesAlone() {
        List<ExportItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.message(i == 5 ? "poison" : "fine " + i)));
        }
        backend.answer(r -> new String(r.body(), java.nio.charset.StandardCharsets.UTF_8).contains("poison")
                ? FakeBackend.Answer.of(400, "") : FakeBackend.Answer.json(202, "{}"));
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
            // after multipart's 404 the batch endpoint once, as the SDK falls back
            assertEquals(status == 404 ? 2 : 1, backend.requests().size() - before, "one request, not 2n-1");
        }
    }
}
