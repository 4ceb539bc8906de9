package org.tracerelay.export.weave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * The calls a Weave trace server receives (its JSON wire: the W&B GraphQL viewer query, the v2
 * calls/complete batch, the older call/upsert_batch form, calls/query_stats) and what its answers
 * make of each delivery.
 */
class WeaveExporterTest {

    static final String PROJECT_ID = "dify-team/dify-project";
    static final String COMPLETE = "/v2/dify-team/dify-project/calls/complete";

    FakeBackend backend;
    WeaveExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        weave(r -> FakeBackend.Answer.json(200, "{}"));
        exporter = new WeaveExporter(FakeBackend.http(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    /** Projects W&B has, as {@code entity/project}; upsertModel adds one. */
    final Set<String> projects = ConcurrentHashMap.newKeySet();
    /** How W&B names back a project it creates (it may normalize the name). */
    Function<String, String> created = name -> name;

    /**
     * The fake: W&B's GraphQL answers the viewer's default entity, the project query and the
     * upsertModel mutation, as W&B does; the trace server answers 403 "Project not found" for a
     * project W&B does not have, and every other call as the test says.
     */
    void weave(Function<FakeBackend.Request, FakeBackend.Answer> traceServer) {
        backend.answer(r -> {
            if (r.target().equals("/graphql")) {
                return graphql(json(r));
            }
            if (r.target().startsWith("/v2/")) {
                String[] path = r.target().split("/");
                String id = java.net.URLDecoder.decode(path[2], StandardCharsets.UTF_8) + "/"
                        + java.net.URLDecoder.decode(path[3], StandardCharsets.UTF_8);
                if (!projects.contains(id)) {
                    return FakeBackend.Answer.json(403, "{\"reason\":\"Project not found\"}");
                }
            }
            return traceServer.apply(r);
        });
    }

    FakeBackend.Answer graphql(JsonObject request) {
        String query = request.getString("query");
        JsonObject vars = request.containsKey("variables") ? request.getJsonObject("variables") : JsonValue.EMPTY_JSON_OBJECT;
        if (query.startsWith("query Project(")) {
            String id = vars.getString("entityName") + "/" + vars.getString("name");
            return FakeBackend.Answer.json(200, projects.contains(id)
                    ? "{\"data\":{\"project\":{\"name\":\"" + vars.getString("name") + "\"}}}" : "{\"data\":{\"project\":null}}");
        }
        if (query.startsWith("mutation UpsertModel(")) {
            String name = created.apply(vars.getString("name"));
            projects.add(vars.getString("entity") + "/" + name);
            return FakeBackend.Answer.json(200, "{\"data\":{\"upsertModel\":{\"model\":{\"name\":\"" + name + "\"}}}}");
        }
        return FakeBackend.Answer.json(200, "{\"data\":{\"viewer\":{\"entity\":\"dify-team\"}}}");
    }

    List<FakeBackend.Request> graphqlRequests(String queryPrefix) {
        return requests("/graphql").stream().filter(r -> json(r).getString("query").startsWith(queryPrefix)).toList();
    }

    Destination destination(String url) {
        return destination(url, Map.of());
    }

    Destination destination(String url, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(Map.of("api_key", "wk-1", "project", "dify-project", "entity", "",
                "endpoint", url, "host", url));
        settings.putAll(overrides);
        return new Destination("weave/" + Tasks.APP, "weave", Tasks.APP, settings);
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    List<FakeBackend.Request> requests(String target) {
        return backend.requests().stream().filter(r -> r.target().equals(target)).toList();
    }

    static JsonObject json(FakeBackend.Request r) {
        return Json.createReader(new StringReader(r.text())).readObject();
    }

    List<JsonObject> calls() {
        List<JsonObject> calls = new ArrayList<>();
        requests(COMPLETE).forEach(r -> calls.addAll(json(r).getJsonArray("batch").getValuesAs(JsonValue::asJsonObject)));
        return calls;
    }

    Map<String, JsonObject> byId() {
        return calls().stream().collect(Collectors.toMap(c -> c.getString("id"), c -> c, (a, b) -> b));
    }

    static JsonObject counts(JsonObject call) {
        return call.getJsonObject("summary").getJsonObject("status_counts");
    }

    @Test
    void chatflowIsAMessageCallWithTheWorkflowAndNodesBelow() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), outcomes);
        FakeBackend.Request sent = requests(COMPLETE).get(0);
        assertEquals("POST", sent.method());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("api:wk-1".getBytes(StandardCharsets.UTF_8)),
                sent.headers().get("authorization"));
        assertEquals("application/json", sent.headers().get("content-type"));
        List<JsonObject> calls = calls();
        assertEquals(List.of(Tasks.MESSAGE, Tasks.RUN, Tasks.LLM_NODE, Tasks.TOOL_NODE, Tasks.KNOWLEDGE_NODE),
                calls.stream().map(c -> c.getString("id")).toList(), "ancestor order, Dify's ids");
        calls.forEach(c -> assertEquals(PROJECT_ID, c.getString("project_id")));
        calls.forEach(c -> assertEquals(Tasks.MESSAGE, c.getString("trace_id"), "one trace: the message's"));
        calls.forEach(c -> assertEquals(JsonValue.NULL, c.get("wb_user_id")));
        calls.forEach(c -> assertEquals(JsonValue.NULL, c.get("exception"), "no exception, null as the SDK sends it"));
        calls.forEach(c -> assertEquals(Tasks.CONVERSATION, c.getString("thread_id"), "the conversation is the Weave thread"));
        calls.forEach(c -> assertEquals(Tasks.MESSAGE, c.getString("turn_id"), "the turn: the message's trace"));
        Map<String, JsonObject> byId = byId();
        JsonObject message = byId.get(Tasks.MESSAGE);
        assertEquals("message", message.getString("op_name"));
        assertEquals(JsonValue.NULL, message.get("parent_id"));
        assertEquals("2026-11-21T09:00:00Z", message.getString("started_at"));
        assertEquals("2026-11-21T09:00:04Z", message.getString("ended_at"));
        assertEquals(Json.createObjectBuilder().add("success", 5).add("error", 0).build(), counts(message), "the message and all below");
        assertEquals(4000, message.getJsonObject("summary").getJsonObject("weave").getInt("latency_ms"));

        JsonObject workflow = byId.get(Tasks.RUN);
        assertEquals("workflow", workflow.getString("op_name"));
        assertEquals(Tasks.MESSAGE, workflow.getString("parent_id"));
        assertEquals("What is the weather?", workflow.getJsonObject("inputs").getString("query"));
        assertEquals("sunny", workflow.getJsonObject("output").getString("answer"));
        assertEquals(4, counts(workflow).getInt("success"));
        JsonObject attributes = workflow.getJsonObject("attributes");
        assertEquals(List.of("workflow"), attributes.getJsonArray("tags").getValuesAs(JsonValue::toString).stream()
                .map(s -> s.replace("\"", "")).toList());
        assertEquals("2026-11-21T09:00:00Z", attributes.getString("start_time"));
        assertEquals("2026-11-21T09:00:04Z", attributes.getString("end_time"));
        assertEquals(Tasks.MESSAGE, attributes.getString("trace_id"));
        assertEquals(Tasks.APP, attributes.getString("app_id"));
        assertEquals("u-1", attributes.getString("user_id"));
        assertEquals(Tasks.CONVERSATION, attributes.getString("session_id"));

        JsonObject llm = byId.get(Tasks.LLM_NODE);
        assertEquals("LLM", llm.getString("op_name"), "a node's op is its title");
        assertEquals("LLM", llm.getString("display_name"));
        assertEquals(Tasks.RUN, llm.getString("parent_id"));
        assertEquals("2026-11-21T09:00:01Z", llm.getString("started_at"));
        assertEquals("2026-11-21T09:00:01.500Z", llm.getString("ended_at"), "start plus elapsed time");
        assertEquals(500, llm.getJsonObject("summary").getJsonObject("weave").getInt("latency_ms"));
        assertEquals(Json.createObjectBuilder().add("requests", 1).add("prompt_tokens", 120).add("completion_tokens", 85)
                .add("total_tokens", 205).build(), llm.getJsonObject("summary").getJsonObject("usage").getJsonObject("gpt-4"));
        assertEquals("...", llm.getJsonObject("inputs").getString("input"), "a non-object input is wrapped");
        assertEquals("llm", llm.getJsonObject("attributes").getString("node_type"));
        assertEquals(List.of("node_execution", "llm"), llm.getJsonObject("attributes").getJsonArray("tags")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertFalse(byId.get(Tasks.TOOL_NODE).getJsonObject("summary").containsKey("usage"), "usage only on LLM calls");
        assertEquals(llm.getJsonObject("summary").getJsonObject("usage"), message.getJsonObject("summary").getJsonObject("usage"),
                "rolled up into the calls above, as the SDK does");
        assertEquals("KNOWLEDGE-RETRIEVAL", byId.get(Tasks.KNOWLEDGE_NODE).getString("op_name"));
    }

    @Test
    void aFailedWorkflowCarriesItsExceptionAndErrorCounts() {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow("failed", "boom").traceInfo()).remove("message_id").build();
        TaskEnvelope task = new TaskEnvelope(Tasks.taskId("wf"), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
        exporter.export(destination(backend.url()), List.of(item("d1", task)));
        Map<String, JsonObject> byId = byId();
        assertEquals(4, byId.size(), "no message call without a message");
        JsonObject root = byId.get(Tasks.RUN);
        assertEquals(JsonValue.NULL, root.get("parent_id"));
        assertEquals(Tasks.RUN, root.getString("trace_id"));
        assertEquals("boom", root.getString("exception"));
        assertEquals(Json.createObjectBuilder().add("success", 3).add("error", 1).build(), counts(root));
        assertEquals(JsonValue.NULL, byId.get(Tasks.LLM_NODE).get("exception"));
        assertEquals(Json.createObjectBuilder().add("success", 1).add("error", 0).build(), counts(byId.get(Tasks.LLM_NODE)));
    }

    @Test
    void aMessageAndTheCallsAroundIt() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("m", Tasks.message("")),
                item("t", Tasks.tool("timeout")), item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()),
                item("r", Tasks.datasetRetrieval()), item("g", Tasks.generateName()), item("p", Tasks.promptGeneration(""))));
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertEquals(1, requests(COMPLETE).size(), "one request for the batch");
        Map<String, JsonObject> byName = calls().stream().collect(Collectors.toMap(c -> c.getString("op_name"), c -> c, (a, b) -> a));
        assertEquals(JsonValue.NULL, byName.get("message").get("parent_id"));
        assertEquals(Tasks.MESSAGE, byName.get("llm").getString("parent_id"));
        assertEquals(205, byName.get("llm").getJsonObject("summary").getJsonObject("usage").getJsonObject("gpt-4").getInt("total_tokens"));
        for (String name : List.of("weather_api", "moderation", "suggested_question", "dataset_retrieval")) {
            assertEquals(Tasks.MESSAGE, byName.get(name).getString("parent_id"), name);
            assertEquals(Tasks.MESSAGE, byName.get(name).getString("trace_id"), name);
        }
        JsonObject tool = byName.get("weather_api");
        assertEquals("timeout", tool.getString("exception"));
        assertEquals(Json.createObjectBuilder().add("success", 0).add("error", 1).build(), counts(tool));
        assertEquals(2450, tool.getJsonObject("summary").getJsonObject("weave").getInt("latency_ms"), "start to end");
        assertEquals("San Francisco", tool.getJsonObject("inputs").getString("location"));
        assertEquals("installation guide", byName.get("dataset_retrieval").getJsonObject("inputs").getString("input"));
        JsonObject name = byName.get("generate_conversation_name");
        assertEquals(JsonValue.NULL, name.get("parent_id"));
        assertEquals(Tasks.CONVERSATION, name.getString("trace_id"));
        assertEquals("Weather Inquiry", name.getString("output"));
        JsonObject rules = byName.get("rule_generate");
        assertEquals(80, rules.getJsonObject("summary").getJsonObject("usage").getJsonObject("gpt-4").getInt("total_tokens"));
        assertEquals("2026-11-21T10:00:01.100Z", rules.getString("ended_at"), "received time plus latency");
    }

    @Test
    void appAndFeedbackEventsSendNothing() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()),
                List.of(item("a", Tasks.appEvent("created")), item("f", Tasks.feedback())));
        assertEquals(Map.of("a", ExportOutcome.delivered(), "f", ExportOutcome.delivered()), outcomes);
        assertTrue(backend.requests().isEmpty(), "not even the entity lookup");
    }

    @Test
    void aDraftNodeAndANestedWorkflow() {
        exporter.export(destination(backend.url()), List.of(item("d", Tasks.draftNode()), item("n", Tasks.nestedWorkflow())));
        Map<String, JsonObject> byId = byId();
        JsonObject draft = byId.get(Tasks.LLM_NODE);
        assertEquals(JsonValue.NULL, draft.get("parent_id"));
        assertEquals(Tasks.LLM_NODE, draft.getString("trace_id"));
        assertEquals(Tasks.TOOL_NODE, byId.get(Tasks.NESTED_RUN).getString("parent_id"), "under the tool node that called it");
        assertEquals(Tasks.RUN, byId.get(Tasks.NESTED_RUN).getString("trace_id"), "in the outer trace");
        assertEquals(Tasks.NESTED_RUN, byId.get(Tasks.NESTED_LLM_NODE).getString("parent_id"));
    }

    @Test
    void aResendCarriesTheSameCallIds() {
        List<ExportItem> items = List.of(item("d1", Tasks.workflow("succeeded", "")), item("d2", Tasks.message("")),
                item("d3", Tasks.generateName()));
        exporter.export(destination(backend.url()), items);
        exporter.export(destination(backend.url()), items);
        List<FakeBackend.Request> sent = requests(COMPLETE);
        assertEquals(2, sent.size());
        assertEquals(sent.get(0).text(), sent.get(1).text(), "byte-identical calls");
        String llm = calls().stream().filter(c -> c.getString("op_name").equals("llm")).findFirst().orElseThrow().getString("id");
        assertEquals(llm, UUID.fromString(llm).toString());
        assertEquals(WeaveCalls.uuid("not-a-uuid"), WeaveCalls.uuid("not-a-uuid"));
    }

    @Test
    void theEntityIsLookedUpOncePerDestinationHostAndKey() throws Exception {
        exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message(""))));
        exporter.export(destination(backend.url()), List.of(item("d2", Tasks.message(""))));
        assertEquals(1, graphqlRequests("query { viewer").size(), "cached");
        FakeBackend.Request lookup = graphqlRequests("query { viewer").get(0);
        assertEquals("POST", lookup.method());
        assertEquals("query { viewer { entity } }", json(lookup).getString("query"));
        assertTrue(lookup.headers().get("authorization").startsWith("Basic "));

        exporter.export(destination(backend.url(), Map.of("api_key", "wk-2")), List.of(item("d3", Tasks.message(""))));
        assertEquals(2, graphqlRequests("query { viewer").size(), "another key, another lookup");
        try (FakeBackend other = new FakeBackend()) {
            other.answer(r -> !r.target().equals("/graphql") ? FakeBackend.Answer.json(200, "{}")
                    : json(r).getString("query").startsWith("query { viewer")
                    ? FakeBackend.Answer.json(200, "{\"data\":{\"viewer\":{\"entity\":\"other-team\"}}}")
                    : FakeBackend.Answer.json(200, "{\"data\":{\"project\":{\"name\":\"dify-project\"}}}"));
            exporter.export(destination(other.url()), List.of(item("d4", Tasks.message(""))));
            assertEquals(1, other.requests().stream().filter(r -> r.target().equals("/graphql")
                    && json(r).getString("query").startsWith("query { viewer")).count(), "another host, another lookup");
            assertTrue(other.requests().stream().anyMatch(r -> r.target().equals("/v2/other-team/dify-project/calls/complete")));
        }
        Destination otherApp = new Destination("weave/another-app", "weave", "another-app", destination(backend.url()).settings());
        exporter.export(otherApp, List.of(item("d5", Tasks.message(""))));
        assertEquals(3, graphqlRequests("query { viewer").size(), "another destination, another lookup");
    }

    @Test
    void aConfiguredEntityOrAnEntityInTheProjectNeedsNoLookup() {
        exporter.export(destination(backend.url(), Map.of("entity", "my-team")), List.of(item("d1", Tasks.message(""))));
        exporter.export(destination(backend.url(), Map.of("project", "their-team/p 1")), List.of(item("d2", Tasks.message(""))));
        assertTrue(graphqlRequests("query { viewer").isEmpty());
        assertEquals(1, requests("/v2/my-team/dify-project/calls/complete").size());
        FakeBackend.Request spaced = requests("/v2/their-team/p%201/calls/complete").get(0);
        assertEquals("their-team/p 1", json(spaced).getJsonArray("batch").getJsonObject(0).getString("project_id"));
    }

    @Test
    void aFailedLookupFailsTheItemsWithoutSendingThem() {
        backend.answer(r -> FakeBackend.Answer.json(401, "{\"errors\":[\"bad key\"]}"));
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")),
                item("d2", Tasks.tool(""))));
        outcomes.values().forEach(o -> assertEquals("http_401", o.code()));
        assertTrue(outcomes.get("d1").destinationRefused());
        assertEquals(1, backend.requests().size(), "only the lookup");
        backend.answer(r -> FakeBackend.Answer.json(200, "{\"data\":{\"viewer\":null}}"));
        assertEquals("weave_entity_unknown", exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message(""))))
                .get("d1").code());
        backend.answer(r -> new FakeBackend.Answer(503, "", Map.of("Retry-After", "9"), Duration.ZERO));
        ExportOutcome busy = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, busy.kind());
        assertEquals(Duration.ofSeconds(9), busy.retryAfter());
    }

    static List<ExportItem> workflows(int n) {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonObject info = Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo())
                    .add("workflow_run_id", UUID.nameUUIDFromBytes(("run" + i).getBytes(StandardCharsets.UTF_8)).toString())
                    .add("message_id", UUID.nameUUIDFromBytes(("msg" + i).getBytes(StandardCharsets.UTF_8)).toString()).build();
            items.add(item("d" + i, new TaskEnvelope(Tasks.taskId("w" + i), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info)));
        }
        return items;
    }

    @Test
    void atMostOneThousandCallsPerRequestAndATasksCallsTogether() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), workflows(250));
        assertEquals(250, outcomes.size());
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertEquals(1250, calls().size());
        List<Integer> sizes = requests(COMPLETE).stream().map(r -> json(r).getJsonArray("batch").size()).toList();
        assertEquals(List.of(1000, 250), sizes, "five calls a task, never split");
    }

    @Test
    void a413HalvesTheRequestUntilItFits() {
        weave(r -> json(r).getJsonArray("batch").size() > 5 ? FakeBackend.Answer.of(413, "") : FakeBackend.Answer.json(200, "{}"));
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), workflows(4));
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        assertEquals(20, requests(COMPLETE).stream().filter(r -> json(r).getJsonArray("batch").size() <= 5)
                .mapToInt(r -> json(r).getJsonArray("batch").size()).sum(), "every call once in an accepted request");
        weave(r -> FakeBackend.Answer.of(413, ""));
        ExportOutcome tooLarge = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.tool("")))).get("d1");
        assertEquals("http_413", tooLarge.code());
        assertTrue(tooLarge.isDead());
    }

    @Test
    void withoutCallsCompleteTheOlderUpsertBatchFormIsUsed() {
        weave(r -> r.target().startsWith("/v2/") ? FakeBackend.Answer.json(404, "{\"detail\":\"Not Found\"}")
                : FakeBackend.Answer.json(200, "{\"res\":[]}"));
        Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), workflows(12));
        outcomes.values().forEach(o -> assertEquals(ExportOutcome.delivered(), o));
        List<FakeBackend.Request> upserts = requests("/call/upsert_batch");
        assertEquals(List.of(100, 20), upserts.stream().map(r -> json(r).getJsonArray("batch").size()).toList(), "100 items a request");
        JsonObject start = json(upserts.get(0)).getJsonArray("batch").getJsonObject(0);
        JsonObject end = json(upserts.get(0)).getJsonArray("batch").getJsonObject(1);
        assertEquals("start", start.getString("mode"));
        assertEquals("end", end.getString("mode"));
        JsonObject s = start.getJsonObject("req").getJsonObject("start");
        JsonObject e = end.getJsonObject("req").getJsonObject("end");
        assertEquals(s.getString("id"), e.getString("id"));
        assertEquals(PROJECT_ID, s.getString("project_id"));
        assertEquals(PROJECT_ID, e.getString("project_id"));
        assertEquals("message", s.getString("op_name"));
        assertTrue(s.containsKey("started_at") && s.containsKey("inputs") && s.containsKey("attributes") && !s.containsKey("summary"));
        assertTrue(e.containsKey("ended_at") && e.containsKey("summary") && e.containsKey("output") && !e.containsKey("inputs"));
    }

    ExportOutcome outcomeFor(FakeBackend.Answer answer) {
        weave(r -> answer);
        return exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.delivered(), outcomeFor(FakeBackend.Answer.json(200, "{}")));
        for (int permanent : List.of(400, 401, 403, 413)) {
            ExportOutcome o = outcomeFor(FakeBackend.Answer.of(permanent, "{\"detail\":\"remote body\"}"));
            assertTrue(o.isDead(), "" + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote body"));
        }
        ExportOutcome limited = outcomeFor(new FakeBackend.Answer(429, "", Map.of("Retry-After", "7"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(500, "")).kind());
        ExportOutcome unavailable = outcomeFor(new FakeBackend.Answer(503, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals("http_503", unavailable.code());
        assertEquals(Duration.ofSeconds(30), unavailable.retryAfter());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(502, "")).kind());
        assertEquals(ExportOutcome.Kind.RETRY, outcomeFor(FakeBackend.Answer.of(504, "")).kind());
        ExportOutcome slow = outcomeFor(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3)));
        assertEquals("timeout", slow.code());
        assertEquals(ExportOutcome.Kind.RETRY, slow.kind());
        String reset = FakeBackend.resettingUrl();
        ExportOutcome dropped = exporter.export(destination(reset, Map.of("entity", "dify-team")), List.of(item("d1", Tasks.message(""))))
                .get("d1");
        assertEquals("network_error", dropped.code());
        assertEquals(ExportOutcome.Kind.RETRY, dropped.kind());
    }

    @Test
    void aWholeRequestRefusedForGoodIsBisectedSoThePoisonTaskDiesAlone() {
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.tool(i == 5 ? "poison" : "fine " + i)));
        }
        weave(r -> r.text().contains("poison") ? FakeBackend.Answer.of(400, "") : FakeBackend.Answer.json(200, "{}"));
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
        List<ExportItem> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(item("d" + i, Tasks.tool("fine " + i)));
        }
        for (int status : List.of(401, 403, 404)) {
            int before = requests(COMPLETE).size() + requests("/call/upsert_batch").size();
            weave(r -> FakeBackend.Answer.of(status, ""));
            Map<String, ExportOutcome> outcomes = exporter.export(destination(backend.url()), items);
            assertEquals(8, outcomes.size());
            outcomes.values().forEach(o -> assertEquals("http_" + status, o.code()));
            int sent = requests(COMPLETE).size() + requests("/call/upsert_batch").size() - before;
            assertEquals(status == 404 ? 2 : 1, sent, "one request (and the upsert form on a 404), not 2n-1");
        }
    }

    @Test
    void aMissingProjectIsCreatedBeforeTheFirstCallAndOnlyOnce() {
        assertEquals(Map.of("d1", ExportOutcome.delivered()),
                exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))));
        List<FakeBackend.Request> asked = graphqlRequests("query Project(");
        List<FakeBackend.Request> upserts = graphqlRequests("mutation UpsertModel(");
        assertEquals(1, asked.size());
        assertEquals(1, upserts.size());
        assertEquals(Json.createObjectBuilder().add("name", "dify-project").add("entityName", "dify-team").build(),
                json(asked.get(0)).getJsonObject("variables"));
        assertEquals(Json.createObjectBuilder().add("name", "dify-project").add("entity", "dify-team").build(),
                json(upserts.get(0)).getJsonObject("variables"));
        List<Integer> order = backend.requests().stream().map(r -> r.target().equals("/graphql") ? 0 : 1).toList();
        assertEquals(List.of(0, 0, 0, 1), order, "viewer, project, upsert: all before the calls");
        assertTrue(projects.contains(PROJECT_ID));

        exporter.export(destination(backend.url()), List.of(item("d2", Tasks.tool(""))));
        assertEquals(1, graphqlRequests("query Project(").size(), "ensured once per destination");
        assertEquals(2, requests(COMPLETE).size());
    }

    @Test
    void anExistingProjectIsOnlyAskedForNeverUpserted() {
        projects.add(PROJECT_ID);
        assertEquals(ExportOutcome.delivered(), exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message(""))))
                .get("d1"));
        assertEquals(1, graphqlRequests("query Project(").size());
        assertTrue(graphqlRequests("mutation UpsertModel(").isEmpty(), "a key that may only write calls still works");
    }

    @Test
    void theNameWAndBGivesTheCreatedProjectIsTheOneCallsGoTo() {
        created = name -> name.replace(' ', '-');
        assertEquals(ExportOutcome.delivered(), exporter.export(destination(backend.url(), Map.of("project", "my project")),
                List.of(item("d1", Tasks.message("")))).get("d1"));
        FakeBackend.Request sent = requests("/v2/dify-team/my-project/calls/complete").get(0);
        assertEquals("dify-team/my-project",
                json(sent).getJsonArray("batch").getJsonObject(0).getString("project_id"));
    }

    @Test
    void aProjectWAndBWillNotCreateFailsTheItemsWithoutCalls() {
        backend.answer(r -> r.target().equals("/graphql") && json(r).getString("query").startsWith("mutation")
                ? FakeBackend.Answer.json(200, "{\"data\":{\"upsertModel\":null},\"errors\":[{\"message\":\"permission denied\"}]}")
                : r.target().equals("/graphql") ? graphql(json(r)) : FakeBackend.Answer.json(200, "{}"));
        ExportOutcome refused = exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("weave_project_unavailable", refused.code());
        assertEquals(ExportOutcome.Kind.DEAD, refused.kind());
        assertTrue(refused.detail().contains("permission denied"), refused.detail());
        assertTrue(requests(COMPLETE).isEmpty());
    }

    @Test
    void aProjectDeletedSinceIsCreatedAgainOnTheNextAttempt() {
        exporter.export(destination(backend.url()), List.of(item("d1", Tasks.message(""))));
        projects.clear();
        ExportOutcome missing = exporter.export(destination(backend.url()), List.of(item("d2", Tasks.message("")))).get("d2");
        assertEquals("weave_project_missing", missing.code());
        assertEquals(ExportOutcome.Kind.RETRY, missing.kind(), "not taken for an old server, not dead");
        assertTrue(requests("/call/upsert_batch").isEmpty());
        assertEquals(ExportOutcome.delivered(), exporter.export(destination(backend.url()), List.of(item("d2", Tasks.message(""))))
                .get("d2"));
        assertEquals(2, graphqlRequests("mutation UpsertModel(").size());
    }

    @Test
    void theCheckCreatesTheProjectBeforeAskingForItsStats() {
        weave(r -> FakeBackend.Answer.json(200, "{\"count\":0}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(backend.url())));
        assertTrue(projects.contains(PROJECT_ID));
        List<String> targets = backend.requests().stream().map(FakeBackend.Request::target).toList();
        assertEquals("/calls/query_stats", targets.get(targets.size() - 1));
    }

    @Test
    void theCheckAsksForTheProjectsCallStats() {
        weave(r -> FakeBackend.Answer.json(200, "{\"count\":0}"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(destination(backend.url())));
        FakeBackend.Request check = requests("/calls/query_stats").get(0);
        assertEquals("POST", check.method());
        assertEquals(PROJECT_ID, json(check).getString("project_id"));
        assertTrue(check.headers().get("authorization").startsWith("Basic "));
        weave(r -> FakeBackend.Answer.json(401, "{}"));
        assertEquals("http_401", exporter.verify(destination(backend.url(), Map.of("api_key", "bad"))).code());
        backend.answer(r -> FakeBackend.Answer.json(401, "{}"));
        assertEquals("http_401", exporter.verify(destination(backend.url(), Map.of("api_key", "worse"))).code(),
                "a key W&B refuses fails at the lookup");
    }

    @Test
    void theProjectUrl() {
        assertEquals(backend.url() + "/dify-team/dify-project/weave", exporter.projectUrl(destination(backend.url())).orElseThrow());
        Destination saas = new Destination("weave/x", "weave", "x", Map.of("api_key", "k", "project", "p", "entity", "team",
                "endpoint", "https://trace.wandb.ai", "host", ""));
        assertEquals("https://wandb.ai/team/p/weave", exporter.projectUrl(saas).orElseThrow(), "no lookup with an entity");
        backend.answer(r -> FakeBackend.Answer.json(401, "{}"));
        assertTrue(exporter.projectUrl(destination(backend.url(), Map.of("api_key", "refused"))).isEmpty());
    }

    @Test
    void configValidation() {
        ProviderModel.Result empty = WeaveConfig.MODEL.apply(Map.of());
        assertEquals(List.of(new Violation("tracing_config.api_key", "api_key is required"),
                new Violation("tracing_config.project", "project is required")), empty.violations());
        ProviderModel.Result defaults = WeaveConfig.MODEL.apply(Map.of("api_key", "k", "project", " p ", "endpoint", ""));
        assertTrue(defaults.valid());
        assertEquals("https://trace.wandb.ai", defaults.config().get("endpoint"));
        assertEquals("p", defaults.config().get("project"));
        assertEquals("", defaults.config().get("host"));
        assertEquals(List.of(new Violation("tracing_config.endpoint", "URL scheme must be one of: https")),
                WeaveConfig.MODEL.apply(Map.of("api_key", "k", "project", "p", "endpoint", "http://trace.wandb.ai")).violations());
        assertEquals("http://wandb.internal:8080", WeaveConfig.MODEL.apply(Map.of("api_key", "k", "project", "p",
                "host", "http://wandb.internal:8080/path")).config().get("host"));
        assertTrue(WeaveConfig.MODEL.isSecret("api_key"));
        assertFalse(WeaveConfig.MODEL.isSecret("entity"));
    }
}
