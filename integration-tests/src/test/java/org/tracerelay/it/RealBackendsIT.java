package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The MLflow and Phoenix exporters against the real servers (issues #16, #17), installed from PyPI
 * by {@code bin/python-backends} into the venv {@code -Dit.python.venv} names: each test starts its
 * server on free loopback ports with SQLite in a temporary folder, configures an app for it through
 * the admin API, posts Dify's tasks over REST and reads back through the server's own API what its
 * UI shows. Span ids are the relay's contract: the first 8 bytes of SHA-256 of the run id.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RealBackendsIT {

    /** A cold Python server (imports, SQLite migrations) on a busy 2-core machine. */
    private static final Duration STARTUP = Duration.ofSeconds(240);
    private static final Duration DELIVERY = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    private static String configure(String tenant, String provider, JsonObject config) {
        String editor = Tokens.of(tenant, "editor");
        String app = UUID.randomUUID().toString();
        Relay.expect(201, Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"" + provider + "\",\"mode\":\"advanced-chat\"}"));
        Relay.expect(201, Relay.send("POST", "apps/" + app + "/trace-config", editor,
                Json.createObjectBuilder().add("tracing_provider", provider).add("tracing_config", config).build().toString()));
        Relay.expect(200, Relay.send("POST", "apps/" + app + "/trace", editor,
                "{\"enabled\":true,\"tracing_provider\":\"" + provider + "\"}"));
        return app;
    }

    private static void deliver(String tenant, String app, List<JsonObject> tasks) {
        deliver(tenant, app, tasks, tasks.size());
    }

    /** @param delivered how many deliveries the app has once these are delivered too */
    private static void deliver(String tenant, String app, List<JsonObject> tasks, int delivered) {
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"), Samples.array(tasks.toArray(JsonObject[]::new))));
        Relay.await(delivered + " deliveries", DELIVERY, () -> Relay.deliveries(tenant, app, "delivered").size() == delivered);
        assertTrue(Relay.deliveries(tenant, app, "dead").isEmpty());
    }

    // ---- a chatflow turn's tokens ----------------------------------------------------------

    /** A chatflow turn of 48 tokens: its message (which names the workflow run) and the workflow, one LLM node. */
    record Turn(EnterpriseSamples ids) {

        JsonObject message() {
            JsonObject info = ids.message().getJsonObject("trace_info");
            return fresh(Samples.envelope(ids.app, "MessageTraceInfo", Json.createObjectBuilder(info)
                    .add("conversation_mode", "advanced-chat").add("conversation_model", "advanced-chat")
                    .add("message_tokens", 20).add("answer_tokens", 28).add("total_tokens", 48).build()));
        }

        JsonObject workflow() {
            JsonObject info = ids.workflow().getJsonObject("trace_info");
            JsonObject llm = Json.createObjectBuilder(info.getJsonArray("node_executions").getJsonObject(0))
                    .add("prompt_tokens", 20).add("completion_tokens", 28).add("total_tokens", 48).build();
            return fresh(Samples.envelope(ids.app, "WorkflowTraceInfo", Json.createObjectBuilder(info).add("prompt_tokens", 20)
                    .add("completion_tokens", 28).add("total_tokens", 48).add("node_executions", Json.createArrayBuilder().add(llm))
                    .build()));
        }

        /** Each call a new task of the same content: how a replay or an at-least-once re-export arrives. */
        private static JsonObject fresh(JsonObject envelope) {
            return Samples.withTaskId(envelope, UUID.randomUUID().toString());
        }
    }

    /**
     * The same turn delivered three ways, into one backend: apart (the message, then the
     * workflow), together (one request) and then both again as new tasks. {@code total} reads
     * what the backend's trace list shows as a trace's tokens.
     */
    static void aTurnCountsItsTokensOnce(String tenant, String app, Function<EnterpriseSamples, Integer> total) {
        Turn apart = new Turn(new EnterpriseSamples(tenant, app));
        deliver(tenant, app, List.of(apart.message()), 1);
        deliver(tenant, app, List.of(apart.workflow()), 2);
        Turn together = new Turn(new EnterpriseSamples(tenant, app));
        deliver(tenant, app, List.of(together.message(), together.workflow()), 4);
        assertEquals(48, total.apply(apart.ids()), "the message and its workflow exported apart");
        assertEquals(48, total.apply(together.ids()), "the message and its workflow in one request");
        deliver(tenant, app, List.of(apart.message(), apart.workflow(), together.message(), together.workflow()), 8);
        assertEquals(48, total.apply(apart.ids()), "re-exported as new tasks");
        assertEquals(48, total.apply(together.ids()), "re-exported as new tasks");
    }

    /** A test against both servers, given MLflow's tracking URI and Phoenix's endpoint. */
    interface OnBoth {
        void run(String mlflowUri, String phoenixEndpoint) throws Exception;
    }

    /** Starts MLflow and Phoenix side by side, each on its own ports and folder, for one test. */
    static void withMlflowAndPhoenix(String name, OnBoth test) throws Exception {
        Path dir = Files.createTempDirectory("it-" + name);
        int mlflowPort = PythonBackend.freePort();
        int phoenixPort = PythonBackend.freePort();
        int grpcPort = PythonBackend.freePort();
        try (PythonBackend mlflow = startMlflow(dir, mlflowPort);
             PythonBackend phoenix = startPhoenix(Files.createDirectories(dir.resolve("phoenix")), phoenixPort, grpcPort)) {
            test.run("http://127.0.0.1:" + mlflowPort, "http://127.0.0.1:" + phoenixPort);
        } finally {
            PythonBackend.delete(dir);
        }
    }

    @Test
    void aChatflowTurnCountsItsTokensOnceInMlflowAndPhoenixAlsoWhenExportedAgain() throws Exception {
        withMlflowAndPhoenix("tokens", (uri, endpoint) -> {
            String experiment = createExperiment(uri, "dify-tokens");
            String mlflowApp = configure("rtk", "mlflow", Json.createObjectBuilder().add("tracking_uri", uri)
                    .add("experiment_id", experiment).build());
            aTurnCountsItsTokensOnce("rtk", mlflowApp, ids -> {
                JsonObject trace = get(uri + "/api/3.0/mlflow/traces/get?trace_id=tr-" + ids.message.replace("-", ""))
                        .getJsonObject("trace").getJsonObject("trace_info");
                return parse(trace.getJsonObject("trace_metadata").getString("mlflow.trace.tokenUsage")).getInt("total_tokens");
            });

            String phoenixApp = configure("rtk", "phoenix", Json.createObjectBuilder().add("api_key", "unused-auth-off")
                    .add("project", "dify-tokens").add("endpoint", endpoint).build());
            aTurnCountsItsTokensOnce("rtk", phoenixApp, ids -> phoenixTraceTokens(endpoint, "dify-tokens", ids.message));
        });
    }

    /** The root span's cumulative token count, what Phoenix's trace list shows; read once Phoenix has written it. */
    static int phoenixTraceTokens(String endpoint, String project, String message) {
        String root = spanId(message);
        String spansUrl = endpoint + "/v1/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/spans?limit=1000";
        Relay.await("the LLM node of " + message + " in Phoenix", Duration.ofSeconds(60), () -> {
            try {
                return get(spansUrl).getJsonArray("data").getValuesAs(JsonValue::asJsonObject).stream()
                        .filter(s -> s.getJsonObject("context").getString("trace_id").equals(message.replace("-", "")))
                        .count() >= 4;
            } catch (AssertionError notYet) {
                return false;
            }
        });
        String query = "{\"query\":\"query($id: ID!) { node(id: $id) { ... on Project { "
                + "spans(first: 100, filterCondition: \\\"parent_id is None\\\") "
                + "{ edges { node { context { spanId } cumulativeTokenCountTotal } } } } } }\",\"variables\":{\"id\":\""
                + projectId(endpoint, project) + "\"}}";
        JsonObject answer = post(endpoint + "/graphql", query);
        assertTrue(answer.get("data") instanceof JsonObject, answer.toString());
        return answer.getJsonObject("data").getJsonObject("node").getJsonObject("spans").getJsonArray("edges")
                .getValuesAs(JsonValue::asJsonObject).stream().map(e -> e.getJsonObject("node"))
                .filter(n -> n.getJsonObject("context").getString("spanId").equals(root)).findFirst()
                .orElseThrow(() -> new AssertionError("no root span " + root + " in " + answer))
                .getJsonNumber("cumulativeTokenCountTotal").intValue();
    }

    // ---- MLflow -------------------------------------------------------------------------------

    static PythonBackend startMlflow(Path dir, int port) throws IOException {
        return PythonBackend.start("mlflow", List.of(PythonBackend.executable("mlflow").toString(), "server",
                        "--backend-store-uri", "sqlite:///" + dir.resolve("mlflow.db"),
                        "--default-artifact-root", dir.resolve("artifacts").toString(),
                        "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1"),
                dir, Map.of("MLFLOW_DISABLE_TELEMETRY", "true", "DO_NOT_TRACK", "true",
                        "MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false"),
                URI.create("http://127.0.0.1:" + port + "/health"), STARTUP);
    }

    static String createExperiment(String trackingUri, String name) {
        return post(trackingUri + "/api/2.0/mlflow/experiments/create", "{\"name\":\"" + name + "\"}").getString("experiment_id");
    }

    @Test
    void mlflowShowsOneTracePerWorkflowWithTypedSpansAndTokenUsage() throws Exception {
        Path dir = Files.createTempDirectory("it-mlflow");
        int port = PythonBackend.freePort();
        try (PythonBackend server = startMlflow(dir, port)) {
            String uri = "http://127.0.0.1:" + port;
            String experiment = createExperiment(uri, "dify-it");
            String app = configure("rmf", "mlflow", Json.createObjectBuilder().add("tracking_uri", uri)
                    .add("experiment_id", experiment).build());
            EnterpriseSamples flow = new EnterpriseSamples("rmf", app);
            EnterpriseSamples chat = new EnterpriseSamples("rmf", app);
            List<JsonObject> tasks = new ArrayList<>();
            tasks.add(flow.workflowWithFailedTool());
            tasks.addAll(chat.chatAppTurn());
            deliver("rmf", app, tasks);
            mlflowShows(uri, experiment, flow, chat);
        } finally {
            PythonBackend.delete(dir);
        }
    }

    /** What MLflow's trace list and trace view show for the chatflow run and the chat message. */
    static void mlflowShows(String uri, String experiment, EnterpriseSamples flow, EnterpriseSamples chat) {
        String flowTrace = "tr-" + flow.message.replace("-", "");
        String chatTrace = "tr-" + chat.message.replace("-", "");
        JsonObject search = Json.createObjectBuilder().add("locations", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("type", "MLFLOW_EXPERIMENT").add("mlflow_experiment", Json.createObjectBuilder().add("experiment_id", experiment))))
                .add("max_results", 100).build();
        List<JsonObject> traces = post(uri + "/api/3.0/mlflow/traces/search", search.toString())
                .getJsonArray("traces").getValuesAs(JsonValue::asJsonObject);
        Map<String, JsonObject> byId = traces.stream().collect(Collectors.toMap(t -> t.getString("trace_id"), t -> t));
        assertEquals(Set.of(flowTrace, chatTrace), byId.keySet(), "one trace per workflow run and per message: " + traces);

        JsonObject flowInfo = byId.get(flowTrace);
        assertEquals("OK", flowInfo.getString("state"));
        JsonObject meta = flowInfo.getJsonObject("trace_metadata");
        assertEquals(205, parse(meta.getString("mlflow.trace.tokenUsage")).getInt("total_tokens"),
                "the LLM node's usage, counted once");
        assertEquals(120, parse(meta.getString("mlflow.trace.tokenUsage")).getInt("input_tokens"));
        assertEquals(flow.conversation, meta.getString("mlflow.trace.session"));
        assertEquals("u-1", meta.getString("mlflow.trace.user"));
        assertTrue(flowInfo.getString("request_preview").contains("What is the weather?"), flowInfo.toString());

        Map<String, JsonObject> spans = mlflowSpans(uri, flowTrace);
        assertEquals(Set.of(flow.message, flow.run, flow.llmNode, flow.toolNode, flow.knowledgeNode).stream()
                .map(RealBackendsIT::spanId).collect(Collectors.toSet()), spans.keySet());
        JsonObject root = spans.get(spanId(flow.message));
        assertEquals("message", root.getString("name"));
        assertNull(mlflowParent(root));
        assertEquals("CHAIN", mlflowAttribute(root, "mlflow.spanType"));
        JsonObject workflow = spans.get(spanId(flow.run));
        assertEquals("workflow", workflow.getString("name"));
        assertEquals(spanId(flow.message), mlflowParent(workflow));
        assertEquals("CHAIN", mlflowAttribute(workflow, "mlflow.spanType"));
        for (String node : List.of(flow.llmNode, flow.toolNode, flow.knowledgeNode)) {
            assertEquals(spanId(flow.run), mlflowParent(spans.get(spanId(node))), "node spans sit under the workflow span");
        }
        JsonObject llm = spans.get(spanId(flow.llmNode));
        assertEquals("LLM", mlflowAttribute(llm, "mlflow.spanType"));
        assertEquals(Map.of("input_tokens", "120", "output_tokens", "85", "total_tokens", "205"), mlflowKvList(llm, "mlflow.chat.tokenUsage"));
        assertEquals("gpt-4", mlflowAttribute(llm, "mlflow.llm.model"));
        JsonObject tool = spans.get(spanId(flow.toolNode));
        assertEquals("TOOL", mlflowAttribute(tool, "mlflow.spanType"));
        assertEquals("STATUS_CODE_ERROR", tool.getJsonObject("status").getString("code"));
        assertEquals("boom", tool.getJsonObject("status").getString("message"));
        assertEquals("exception", tool.getJsonArray("events").getJsonObject(0).getString("name"));
        assertEquals("RETRIEVER", mlflowAttribute(spans.get(spanId(flow.knowledgeNode)), "mlflow.spanType"));

        JsonObject chatInfo = byId.get(chatTrace);
        assertEquals("OK", chatInfo.getString("state"));
        assertEquals(205, parse(chatInfo.getJsonObject("trace_metadata").getString("mlflow.trace.tokenUsage")).getInt("total_tokens"));
        Map<String, JsonObject> chatSpans = mlflowSpans(uri, chatTrace).values().stream()
                .collect(Collectors.toMap(s -> s.getString("name"), s -> s));
        assertEquals(Set.of("message", "llm", "weather_api", "dataset_retrieval"), chatSpans.keySet());
        String message = spanId(chat.message);
        assertEquals(message, mlflowId(chatSpans.get("message").getString("span_id")));
        assertEquals(Map.of("llm", "LLM", "weather_api", "TOOL", "dataset_retrieval", "RETRIEVER"),
                Set.of("llm", "weather_api", "dataset_retrieval").stream().collect(Collectors.toMap(n -> n, n -> {
                    assertEquals(message, mlflowParent(chatSpans.get(n)), n + " sits under the message span");
                    return mlflowAttribute(chatSpans.get(n), "mlflow.spanType");
                })));
        assertEquals("205", mlflowKvList(chatSpans.get("llm"), "mlflow.chat.tokenUsage").get("total_tokens"));
    }

    /** GET traces/get: the trace's spans in OTLP JSON (ids base64), by hex span id. */
    static Map<String, JsonObject> mlflowSpans(String uri, String traceId) {
        JsonObject trace = get(uri + "/api/3.0/mlflow/traces/get?trace_id=" + URLEncoder.encode(traceId, StandardCharsets.UTF_8))
                .getJsonObject("trace");
        return trace.getJsonArray("spans").getValuesAs(JsonValue::asJsonObject).stream()
                .collect(Collectors.toMap(s -> mlflowId(s.getString("span_id")), s -> s));
    }

    private static String mlflowId(String base64) {
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    private static String mlflowParent(JsonObject span) {
        String parent = span.getString("parent_span_id", "");
        return parent.isEmpty() ? null : mlflowId(parent);
    }

    private static JsonObject mlflowValue(JsonObject span, String key) {
        return span.getJsonArray("attributes").getValuesAs(JsonValue::asJsonObject).stream()
                .filter(a -> a.getString("key").equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + key + " in " + span)).getJsonObject("value");
    }

    /** A scalar attribute as MLflow decoded it from the JSON text the relay sent. */
    private static String mlflowAttribute(JsonObject span, String key) {
        return scalar(mlflowValue(span, key));
    }

    private static Map<String, String> mlflowKvList(JsonObject span, String key) {
        return mlflowValue(span, key).getJsonObject("kvlist_value").getJsonArray("values").getValuesAs(JsonValue::asJsonObject)
                .stream().collect(Collectors.toMap(kv -> kv.getString("key"), kv -> scalar(kv.getJsonObject("value"))));
    }

    private static String scalar(JsonObject anyValue) {
        JsonValue v = anyValue.values().iterator().next();
        return v instanceof JsonString s ? s.getString() : v instanceof JsonNumber n ? n.toString() : v.toString();
    }

    // ---- Phoenix ------------------------------------------------------------------------------

    static PythonBackend startPhoenix(Path dir, int port, int grpcPort) throws IOException {
        return PythonBackend.start("phoenix", List.of(PythonBackend.executable("phoenix").toString(), "serve"), dir,
                Map.of("PHOENIX_WORKING_DIR", dir.toString(), "PHOENIX_HOST", "127.0.0.1",
                        "PHOENIX_PORT", Integer.toString(port), "PHOENIX_GRPC_PORT", Integer.toString(grpcPort),
                        "PHOENIX_TELEMETRY_ENABLED", "false", "PHOENIX_DISABLE_AGENT_ASSISTANT", "true", "DO_NOT_TRACK", "true"),
                URI.create("http://127.0.0.1:" + port + "/healthz"), STARTUP);
    }

    /** The run a workflow's tool node called, with an LLM node of its own. */
    record Nested(String run, String llmNode) {
    }

    /** The chatflow run (LLM, tool and knowledge nodes) and the workflow its tool node called. */
    static List<JsonObject> phoenixTasks(EnterpriseSamples flow, Nested nested) {
        JsonObject outer = flow.workflow();
        JsonObject info = outer.getJsonObject("trace_info");
        JsonObject llm = info.getJsonArray("node_executions").getJsonObject(0);
        JsonObject nestedLlm = Json.createObjectBuilder(llm).add("node_execution_id", nested.llmNode())
                .add("workflow_run_id", nested.run()).build();
        JsonObject inner = Json.createObjectBuilder(info).add("workflow_run_id", nested.run()).remove("message_id")
                .add("metadata", Json.createObjectBuilder(info.getJsonObject("metadata")).add("parent_trace_context",
                        Json.createObjectBuilder().add("parent_workflow_run_id", flow.run)
                                .add("parent_node_execution_id", flow.toolNode).add("trace_id", flow.message)))
                .add("node_executions", Json.createArrayBuilder().add(nestedLlm)).build();
        return List.of(outer, Samples.envelope(flow.app, "WorkflowTraceInfo", inner));
    }

    @Test
    void phoenixShowsTheNestedWorkflowUnderItsToolNodeInTheProject() throws Exception {
        Path dir = Files.createTempDirectory("it-phoenix");
        int port = PythonBackend.freePort();
        int grpcPort = PythonBackend.freePort();
        try (PythonBackend server = startPhoenix(dir, port, grpcPort)) {
            String endpoint = "http://127.0.0.1:" + port;
            String app = configure("rpx", "phoenix", Json.createObjectBuilder().add("api_key", "unused-auth-off")
                    .add("project", "dify-it").add("endpoint", endpoint).build());
            EnterpriseSamples flow = new EnterpriseSamples("rpx", app);
            Nested nested = new Nested(UUID.randomUUID().toString(), UUID.randomUUID().toString());
            deliver("rpx", app, phoenixTasks(flow, nested));
            phoenixShows(endpoint, "dify-it", flow, nested);
        } finally {
            PythonBackend.delete(dir);
        }
    }

    /** What Phoenix's project view shows: one trace of seven spans, their kinds, parents and token counts. */
    static void phoenixShows(String endpoint, String project, EnterpriseSamples flow, Nested nested) {
        // Phoenix writes spans through a queue, and creates the project with the first: read until all seven are there.
        String spansUrl = endpoint + "/v1/projects/" + URLEncoder.encode(project, StandardCharsets.UTF_8) + "/spans?limit=100";
        Relay.await("7 spans in Phoenix project " + project, Duration.ofSeconds(60), () -> {
            try {
                return get(spansUrl).getJsonArray("data").size() >= 7;
            } catch (AssertionError notYet) {
                return false;
            }
        });
        List<JsonObject> data = get(spansUrl).getJsonArray("data").getValuesAs(JsonValue::asJsonObject);
        Map<String, JsonObject> spans = data.stream().collect(Collectors.toMap(s -> s.getJsonObject("context").getString("span_id"),
                Function.identity()));
        Map<String, String> kinds = Map.of(flow.message, "CHAIN", flow.run, "CHAIN", flow.llmNode, "LLM", flow.toolNode, "TOOL",
                flow.knowledgeNode, "RETRIEVER", nested.run(), "CHAIN", nested.llmNode(), "LLM");
        assertEquals(kinds.keySet().stream().map(RealBackendsIT::spanId).collect(Collectors.toSet()), spans.keySet(), data.toString());
        assertEquals(Set.of(flow.message.replace("-", "")), data.stream().map(s -> s.getJsonObject("context").getString("trace_id"))
                .collect(Collectors.toSet()), "one trace: the nested run joins its caller's");
        kinds.forEach((run, kind) -> assertEquals(kind, spans.get(spanId(run)).getString("span_kind"), run));
        Map<String, String> parents = Map.of(flow.run, flow.message, flow.llmNode, flow.run, flow.toolNode, flow.run,
                flow.knowledgeNode, flow.run, nested.run(), flow.toolNode, nested.llmNode(), nested.run());
        assertTrue(spans.get(spanId(flow.message)).isNull("parent_id"), "the message is the root");
        parents.forEach((run, parent) -> assertEquals(spanId(parent), spans.get(spanId(run)).getString("parent_id"), run));
        for (String llm : List.of(flow.llmNode, nested.llmNode())) {
            JsonObject a = spans.get(spanId(llm)).getJsonObject("attributes");
            assertEquals(120, a.getInt("llm.token_count.prompt"));
            assertEquals(85, a.getInt("llm.token_count.completion"));
            assertEquals(205, a.getInt("llm.token_count.total"));
            assertEquals("gpt-4", a.getString("llm.model_name"));
        }
        assertTrue(get(endpoint + "/v1/projects").getJsonArray("data").getValuesAs(JsonValue::asJsonObject).stream()
                .anyMatch(p -> p.getString("name").equals(project)), "the project exists");
        // The trace's total in the UI: Phoenix adds up the LLM spans below the root, once each.
        String query = "{\"query\":\"query($id: ID!) { node(id: $id) { ... on Project { traceCount "
                + "spans(first: 20, filterCondition: \\\"parent_id is None\\\") "
                + "{ edges { node { name cumulativeTokenCountTotal } } } } } }\",\"variables\":{\"id\":\""
                + projectId(endpoint, project) + "\"}}";
        JsonObject answer = post(endpoint + "/graphql", query);
        assertTrue(answer.containsKey("data") && answer.get("data") instanceof JsonObject, answer.toString());
        JsonObject node = answer.getJsonObject("data").getJsonObject("node");
        assertEquals(1, node.getInt("traceCount"));
        assertEquals(1, node.getJsonObject("spans").getJsonArray("edges").size(), "one root span: " + node);
        JsonObject root = node.getJsonObject("spans").getJsonArray("edges").getJsonObject(0).getJsonObject("node");
        assertEquals("message", root.getString("name"));
        assertEquals(410, root.getJsonNumber("cumulativeTokenCountTotal").intValue(), "two LLM nodes of 205 tokens");
    }

    private static String projectId(String endpoint, String project) {
        return get(endpoint + "/v1/projects").getJsonArray("data").getValuesAs(JsonValue::asJsonObject).stream()
                .filter(p -> p.getString("name").equals(project)).findFirst().orElseThrow().getString("id");
    }

    // ---- redaction ----------------------------------------------------------------------------

    /** Every rule of {@link PersonalData#RULES} finds something in {@link PersonalData#workflow}. */
    private static final Set<String> RULES_APPLIED = Set.of("email", "phone", "card", "iban", "ip", "api_key", "bearer",
            "order_no", "hash");

    @Test
    void aDestinationsRulesDecideWhatRealMlflowAndPhoenixReceive() throws Exception {
        withMlflowAndPhoenix("redaction", (uri, endpoint) -> {
            String mlflowApp = configure("rrd", "mlflow", Json.createObjectBuilder().add("tracking_uri", uri)
                    .add("experiment_id", createExperiment(uri, "dify-redaction")).build());
            String phoenixApp = configure("rrd", "phoenix", Json.createObjectBuilder().add("api_key", "unused-auth-off")
                    .add("project", "dify-redaction").add("endpoint", endpoint).build());
            for (String destination : List.of("mlflow/" + mlflowApp, "phoenix/" + phoenixApp)) {
                Relay.expect(200, Relay.send("PUT", "redaction/rules?destination=" + destination, Tokens.of("rrd", "editor"),
                        PersonalData.RULES));
            }
            EnterpriseSamples toMlflow = new EnterpriseSamples("rrd", mlflowApp);
            deliver("rrd", mlflowApp, List.of(PersonalData.workflow(toMlflow)));
            EnterpriseSamples toPhoenix = new EnterpriseSamples("rrd", phoenixApp);
            deliver("rrd", phoenixApp, List.of(PersonalData.workflow(toPhoenix)));

            JsonObject trace = get(uri + "/api/3.0/mlflow/traces/get?trace_id=tr-" + toMlflow.message.replace("-", ""))
                    .getJsonObject("trace");
            arrivedRedacted("MLflow", trace);
            List<JsonObject> mlflowSpans = trace.getJsonArray("spans").getValuesAs(JsonValue::asJsonObject);
            assertEquals(5, mlflowSpans.size(), "the message, the workflow and its three nodes: " + trace);
            for (JsonObject span : mlflowSpans) {
                Set<String> report = Set.of(PersonalData.readable(mlflowValue(span, "relay_redaction")).split("\n"));
                assertTrue(report.containsAll(RULES_APPLIED), span.getString("name") + " reports " + report);
            }
            assertTrue(trace.getJsonObject("trace_info").getJsonObject("trace_metadata").getString("mlflow.trace.user")
                    .matches("hmac:[0-9a-f]{32}"), "the user's pseudonym: " + trace.getJsonObject("trace_info"));

            String spansUrl = endpoint + "/v1/projects/dify-redaction/spans?limit=100";
            Relay.await("5 spans in Phoenix", Duration.ofSeconds(60), () -> {
                try {
                    return get(spansUrl).getJsonArray("data").size() >= 5;
                } catch (AssertionError notYet) {
                    return false;
                }
            });
            JsonObject phoenixAnswer = get(spansUrl);
            arrivedRedacted("Phoenix", phoenixAnswer);
            List<JsonObject> phoenixSpans = phoenixAnswer.getJsonArray("data").getValuesAs(JsonValue::asJsonObject);
            assertEquals(5, phoenixSpans.size(), phoenixAnswer.toString());
            for (JsonObject span : phoenixSpans) {
                // Phoenix opens the metadata JSON and its REST API answers it flattened.
                JsonObject a = span.getJsonObject("attributes");
                assertTrue(a.get("metadata.relay_redaction.count") instanceof JsonNumber n && n.intValue() >= RULES_APPLIED.size(),
                        span.getString("name") + ": " + a);
                assertEquals(RULES_APPLIED, a.getJsonArray("metadata.relay_redaction.rules").getValuesAs(JsonString::getString)
                        .stream().collect(Collectors.toSet()), span.getString("name"));
            }
        });
    }

    /** Nothing a rule matches is anywhere in the backend's answer; what none matches is there unchanged. */
    private static void arrivedRedacted(String backend, JsonObject answer) {
        String readable = PersonalData.readable(answer);
        List<String> leaks = new ArrayList<>();
        PersonalData.PLANTED.stream().filter(readable::contains).forEach(leaks::add);
        if (readable.contains(PersonalData.CARD_NUMBER)) {
            leaks.add(PersonalData.CARD_NUMBER);
        }
        assertEquals(List.of(), leaks, backend + " received");
        PersonalData.UNMATCHED.forEach(u -> assertTrue(readable.contains(u), backend + " lacks " + u + ": " + readable));
        assertTrue(readable.contains("[redacted:email]") && readable.contains("[redacted:order_no]"), backend + ": " + readable);
    }

    // ---- shared -------------------------------------------------------------------------------

    /** The relay's span id of a run: the first 8 bytes of SHA-256(run id), hex. */
    static String spanId(String runId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(runId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    static JsonObject get(String url) {
        return call(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    static JsonObject post(String url, String json) {
        return call(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonObject call(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> reply = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                throw new AssertionError(r.method() + " " + r.uri() + " answered " + reply.statusCode() + ": " + reply.body());
            }
            return parse(reply.body());
        } catch (IOException e) {
            throw new AssertionError(r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
