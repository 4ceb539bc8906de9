package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each first-wave provider configured through the admin API (credential check against the fake
 * backend), then a chatflow run with an LLM node, a failed tool node and a knowledge node, a
 * message, a tool call and a retrieval sent through REST: the backend holds exactly the objects
 * Dify's integration creates for them.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProvidersIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    record Sent(EnterpriseSamples chatflow, EnterpriseSamples chat) {
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

    private static Sent send(String tenant, String app) {
        EnterpriseSamples chatflow = new EnterpriseSamples(tenant, app);
        EnterpriseSamples chat = new EnterpriseSamples(tenant, app);
        List<JsonObject> tasks = new ArrayList<>();
        tasks.add(chatflow.workflowWithFailedTool());
        tasks.addAll(chat.messageWithToolAndRetrieval());
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"), Samples.array(tasks.toArray(JsonObject[]::new))));
        Relay.await("4 deliveries", DELIVERY, () -> Relay.deliveries(tenant, app, "delivered").size() == 4);
        assertTrue(Relay.deliveries(tenant, app, "dead").isEmpty());
        return new Sent(chatflow, chat);
    }

    private static String projectUrl(String tenant, String app, String provider) {
        return Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-config?tracing_provider=" + provider,
                Tokens.of(tenant, "viewer"), null)).json().getJsonObject("tracing_config").getString("project_url");
    }

    @Test
    void langfuseOnItsLegacyIngestionHoldsTwoTracesAndTheirObservations() throws Exception {
        try (FakeVendorBackend langfuse = new FakeVendorBackend(false, r -> r.target().startsWith("/api/public/projects")
                ? new String[] {"200", "{\"data\":[{\"id\":\"proj-it\",\"name\":\"it\"}]}"}
                : new String[] {"207", "{\"successes\":[],\"errors\":[]}"})) {
            String app = configure("lf", "langfuse", Json.createObjectBuilder().add("public_key", "pk-lf-1")
                    .add("secret_key", "sk-lf-1").add("host", langfuse.url()).add("ingestion", "legacy").build());
            Sent sent = send("lf", app);
            List<JsonObject> events = langfuse.requests("POST", "/api/public/ingestion").stream()
                    .flatMap(r -> r.json().getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()).toList();
            Map<String, JsonObject> observations = events.stream().filter(e -> !e.getString("type").equals("trace-create"))
                    .collect(Collectors.toMap(e -> e.getJsonObject("body").getString("id"), e -> e, (a, b) -> a));
            assertEquals(Set.of(sent.chatflow().message, sent.chat().message), events.stream()
                    .filter(e -> e.getString("type").equals("trace-create")).map(e -> e.getJsonObject("body").getString("id"))
                    .collect(Collectors.toSet()));
            assertEquals(7, observations.size(), "workflow span, three nodes, llm generation, tool span, retrieval span");
            assertEquals("span-create", observations.get(sent.chatflow().run).getString("type"));
            JsonObject llm = observations.get(sent.chatflow().llmNode);
            assertEquals("generation-create", llm.getString("type"));
            assertEquals(205, llm.getJsonObject("body").getJsonObject("usage").getInt("total"));
            JsonObject tool = observations.get(sent.chatflow().toolNode).getJsonObject("body");
            assertEquals("ERROR", tool.getString("level"));
            assertEquals("boom", tool.getString("statusMessage"));
            assertEquals(sent.chatflow().run, tool.getString("parentObservationId"));
            assertTrue(langfuse.requests("POST", "/api/public/ingestion").get(0).authorization().startsWith("Basic "));
            assertEquals(langfuse.url() + "/project/proj-it", projectUrl("lf", app, "langfuse"));
        }
    }

    @Test
    void langfuseByDefaultSpeaksV4sOpenTelemetryIngestion() throws Exception {
        try (FakeVendorBackend langfuse = new FakeVendorBackend(false, r -> r.target().startsWith("/api/public/projects")
                ? new String[] {"200", "{\"data\":[{\"id\":\"proj-v4\",\"name\":\"it\"}]}"}
                : r.target().startsWith("/api/public/otel/v1/traces") ? new String[] {"200", ""} : new String[] {"400", "{}"})) {
            String app = configure("lf4", "langfuse", Json.createObjectBuilder().add("public_key", "pk-lf-4")
                    .add("secret_key", "sk-lf-4").add("host", langfuse.url()).build());
            send("lf4", app);
            List<FakeVendorBackend.Request> otlp = langfuse.requests("POST", "/api/public/otel/v1/traces");
            assertTrue(!otlp.isEmpty());
            assertEquals("4", otlp.get(0).headers().get("x-langfuse-ingestion-version"));
            assertEquals("application/x-protobuf", otlp.get(0).headers().get("content-type"));
            assertTrue(otlp.get(0).authorization().startsWith("Basic "));
            assertTrue(langfuse.requests("POST", "/api/public/ingestion").isEmpty());
        }
    }

    @Test
    void langSmithWithoutMultipartHoldsRunsWithConsistentDottedOrders() throws Exception {
        // A LangSmith from before multipart ingestion: 404 there, so the runs come as a batch.
        try (FakeVendorBackend smith = new FakeVendorBackend(true, r -> r.target().startsWith("/sessions")
                ? new String[] {"200", "[{\"id\":\"p-it\",\"tenant_id\":\"t-it\",\"name\":\"dify\"}]"}
                : r.target().startsWith("/runs/multipart") ? new String[] {"404", ""} : new String[] {"202", "{}"})) {
            String app = configure("ls", "langsmith", Json.createObjectBuilder().add("api_key", "ls-key-1")
                    .add("project", "dify").add("endpoint", smith.url()).build());
            Sent sent = send("ls", app);
            List<JsonObject> runs = smith.requests("POST", "/runs/batch").stream()
                    .flatMap(r -> r.json().getJsonArray("post").getValuesAs(JsonValue::asJsonObject).stream()).toList();
            assertEquals(9, runs.size(), "message, workflow, three nodes; message, llm, tool, retrieval");
            Map<String, JsonObject> byId = runs.stream().collect(Collectors.toMap(r -> r.getString("id"), r -> r));
            for (JsonObject run : runs) {
                String first = run.getString("dotted_order").split("\\.")[0];
                assertEquals(run.getString("trace_id"), first.substring(first.indexOf('Z') + 1));
                if (run.containsKey("parent_run_id")) {
                    assertTrue(run.getString("dotted_order").startsWith(byId.get(run.getString("parent_run_id")).getString("dotted_order") + "."));
                }
            }
            assertEquals("boom", byId.get(sent.chatflow().toolNode).getString("error"));
            assertEquals("llm", byId.get(sent.chatflow().llmNode).getString("run_type"));
            assertEquals("retriever", byId.get(sent.chatflow().knowledgeNode).getString("run_type"));
            assertEquals("ls-key-1", smith.requests("POST", "/runs/batch").get(0).apiKey());
            assertEquals(smith.requests("POST", "/runs/batch").size(), smith.requests("POST", "/runs/multipart").size(),
                    "multipart tried first, as the SDK does");
            assertEquals(smith.url() + "/o/t-it/projects/p/p-it", projectUrl("ls", app, "langsmith"));
        }
    }

    @Test
    void phoenixHoldsOpenInferenceSpans() throws Exception {
        try (FakeOtlpCollector phoenix = new FakeOtlpCollector()) {
            String app = configure("px", "phoenix", Json.createObjectBuilder().add("api_key", "px-key-1")
                    .add("project", "dify-px").add("endpoint", phoenix.endpoint()).build());
            Sent sent = send("px", app);
            assertOpenInference(phoenix.acceptedSpans(), sent);
            assertEquals(List.of("Bearer px-key-1"), phoenix.requests().get(0).headers().get("Authorization"));
            assertEquals(phoenix.endpoint() + "/projects/?redirect_project_name=dify-px", projectUrl("px", app, "phoenix"));
        }
    }

    @Test
    void arizeHoldsTheSameSpansOverGrpc() throws Exception {
        try (FakeEnterpriseCollector arize = new FakeEnterpriseCollector()) {
            String app = configure("ax", "arize", Json.createObjectBuilder().add("api_key", "ax-key-1").add("space_id", "space-1")
                    .add("project", "dify-ax").add("endpoint", arize.grpcEndpoint()).build());
            Sent sent = send("ax", app);
            List<Span> spans = arize.requests(FakeEnterpriseCollector.Signal.TRACES).stream()
                    .flatMap(r -> ((ExportTraceServiceRequest) r.request()).getResourceSpansList().stream())
                    .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream()).toList();
            assertOpenInference(spans, sent);
            FakeEnterpriseCollector.Received data = arize.requests(FakeEnterpriseCollector.Signal.TRACES).get(1);
            assertEquals("space-1", data.headers().get("space_id"));
            assertEquals("ax-key-1", data.headers().get("api_key"));
            assertEquals("https://app.arize.com/?redirect_project_name=dify-ax", projectUrl("ax", app, "arize"));
        }
    }

    @Test
    void mlflowHoldsTypedSpansInTheExperiment() throws Exception {
        try (FakeOtlpCollector mlflow = new FakeOtlpCollector()) {
            mlflow.serve("/api/2.0/mlflow/experiments/get", 200, "{\"experiment\":{\"experiment_id\":\"3\",\"name\":\"dify\"}}");
            String app = configure("mf", "mlflow", Json.createObjectBuilder().add("tracking_uri", mlflow.endpoint())
                    .add("experiment_id", "3").add("username", "alice").add("password", "mf-pass-1").build());
            Sent sent = send("mf", app);
            List<Span> spans = mlflow.acceptedSpans();
            assertEquals(9, spans.stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count(),
                    "message, workflow, three nodes; message, llm, tool, retrieval");
            FakeOtlpCollector.Received first = mlflow.requests().get(0);
            assertEquals(List.of("3"), first.headers().get("X-mlflow-experiment-id"));
            assertEquals(List.of("Basic " + java.util.Base64.getEncoder().encodeToString("alice:mf-pass-1".getBytes())),
                    first.headers().get("Authorization"));
            String chatflowTrace = sent.chatflow().message.replace("-", "");
            List<Span> chatflow = spans.stream().filter(s -> FakeOtlpCollector.hex(s.getTraceId()).equals(chatflowTrace)).toList();
            assertEquals(5, chatflow.size(), "the chatflow's trace id is its message id");
            Map<String, Span> byName = chatflow.stream().collect(Collectors.toMap(Span::getName, s -> s));
            assertEquals("\"LLM\"", FakeOtlpCollector.attribute(byName.get("llm"), "mlflow.spanType").orElseThrow());
            assertTrue(FakeOtlpCollector.attribute(byName.get("llm"), "mlflow.chat.tokenUsage").orElseThrow().contains("\"total_tokens\":205"));
            assertEquals("\"RETRIEVER\"", FakeOtlpCollector.attribute(byName.get("knowledge-retrieval"), "mlflow.spanType").orElseThrow());
            Span failed = byName.get("tool");
            assertEquals("\"TOOL\"", FakeOtlpCollector.attribute(failed, "mlflow.spanType").orElseThrow());
            assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, failed.getStatus().getCode());
            assertEquals("exception", failed.getEvents(0).getName());
            assertEquals(byName.get("workflow").getSpanId(), failed.getParentSpanId());
            assertEquals(byName.get("message").getSpanId(), byName.get("workflow").getParentSpanId());
            assertEquals(sent.chatflow().conversation, FakeOtlpCollector.attribute(byName.get("message"), "session.id").orElseThrow());
            Map<String, Span> chat = spans.stream().filter(s -> !FakeOtlpCollector.hex(s.getTraceId()).equals(chatflowTrace))
                    .collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
            assertEquals("\"TOOL\"", FakeOtlpCollector.attribute(chat.get("weather_api"), "mlflow.spanType").orElseThrow());
            assertEquals("\"RETRIEVER\"", FakeOtlpCollector.attribute(chat.get("dataset_retrieval"), "mlflow.spanType").orElseThrow());
            assertEquals(chat.get("message").getSpanId(), chat.get("weather_api").getParentSpanId());
            assertEquals(mlflow.endpoint() + "/#/experiments/3/traces", projectUrl("mf", app, "mlflow"));
        }
    }

    @Test
    void databricksHoldsOneMlflowTracePerTaskUploadedToTheSignedUrl() throws Exception {
        Set<String> created = java.util.concurrent.ConcurrentHashMap.newKeySet();
        String[] base = new String[1];
        try (FakeVendorBackend dbx = new FakeVendorBackend(false, r -> {
            if (r.target().equals("/oidc/v1/token")) {
                return new String[] {"200", "{\"access_token\":\"dbx-oauth-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"};
            }
            if (r.target().startsWith("/api/2.0/mlflow/experiments/get")) {
                return new String[] {"200", "{\"experiment\":{\"experiment_id\":\"5\"}}"};
            }
            if (r.target().equals("/api/3.0/mlflow/traces")) {
                String id = r.json().getJsonObject("trace").getJsonObject("trace_info").getString("trace_id");
                return created.add(id) ? new String[] {"200", r.body()}
                        : new String[] {"409", "{\"error_code\":\"RESOURCE_ALREADY_EXISTS\"}"};
            }
            if (r.target().endsWith("/credentials-for-data-upload")) {
                String id = r.target().split("/")[5];
                return new String[] {"200", "{\"credential_info\":{\"signed_uri\":\"" + base[0] + "/upload/" + id
                        + "?sig=it\",\"type\":\"AWS_PRESIGNED_URL\"}}"};
            }
            return r.method().equals("PUT") ? new String[] {"200", ""} : new String[] {"404", ""};
        })) {
            base[0] = dbx.url();
            String app = configure("db", "databricks", Json.createObjectBuilder().add("host", dbx.url())
                    .add("experiment_id", "5").add("client_id", "sp-it").add("client_secret", "sp-secret-1").build());
            assertEquals("Bearer dbx-oauth-1", dbx.requests("GET", "/api/2.0/mlflow/experiments/get").get(0).authorization(),
                    "the credentials were checked before saving");
            Sent sent = send("db", app);
            assertTrue(dbx.requests("POST", "/oidc/v1/token").get(0).authorization().startsWith("Basic "));
            List<FakeVendorBackend.Request> creates = dbx.requests("POST", "/api/3.0/mlflow/traces");
            assertEquals(4, created.size(), "one trace per task: chatflow; message, tool call, retrieval");
            creates.forEach(c -> assertEquals("Bearer dbx-oauth-1", c.authorization()));
            List<FakeVendorBackend.Request> puts = dbx.requests("PUT", "/upload/");
            assertEquals(4, puts.size());
            puts.forEach(p -> assertEquals(null, p.authorization(), "the signed URL is its own credential"));
            Map<String, JsonObject> flow = null;
            Map<String, JsonObject> all = new java.util.HashMap<>();
            for (FakeVendorBackend.Request put : puts) {
                Map<String, JsonObject> spans = put.json().getJsonArray("spans").getValuesAs(JsonValue::asJsonObject).stream()
                        .collect(Collectors.toMap(sp -> sp.getString("name"), sp -> sp, (a, b) -> a));
                if (spans.containsKey("workflow")) {
                    flow = spans;
                }
                all.putAll(spans);
            }
            assertTrue(flow != null);
            assertEquals(Set.of("message", "workflow", "llm", "tool", "knowledge-retrieval"), flow.keySet());
            assertEquals(flow.get("message").getString("span_id"), flow.get("workflow").getString("parent_span_id"));
            assertEquals(flow.get("workflow").getString("span_id"), flow.get("tool").getString("parent_span_id"));
            JsonObject attributes = flow.get("llm").getJsonObject("attributes");
            assertEquals("\"LLM\"", attributes.getString("mlflow.spanType"));
            assertTrue(attributes.getString("mlflow.chat.tokenUsage").contains("\"total_tokens\":205"));
            assertEquals("\"RETRIEVER\"", flow.get("knowledge-retrieval").getJsonObject("attributes").getString("mlflow.spanType"));
            assertEquals("STATUS_CODE_ERROR", flow.get("tool").getJsonObject("status").getString("code"));
            assertEquals("\"TOOL\"", all.get("weather_api").getJsonObject("attributes").getString("mlflow.spanType"));
            assertEquals("\"RETRIEVER\"", all.get("dataset_retrieval").getJsonObject("attributes").getString("mlflow.spanType"));
            JsonObject chatflowInfo = creates.stream().map(c -> c.json().getJsonObject("trace").getJsonObject("trace_info"))
                    .filter(i -> i.getJsonObject("trace_metadata").getString("dify.trace_info_type").equals("WorkflowTraceInfo"))
                    .findFirst().orElseThrow();
            assertEquals(sent.chatflow().message, chatflowInfo.getJsonObject("trace_metadata").getString("dify.trace_id"));
            assertEquals(sent.chatflow().conversation, chatflowInfo.getJsonObject("trace_metadata").getString("mlflow.trace.session"));
            assertEquals("5", chatflowInfo.getJsonObject("trace_location").getJsonObject("mlflow_experiment").getString("experiment_id"));
            assertEquals(dbx.url() + "/ml/experiments/5/traces", projectUrl("db", app, "databricks"));
        }
    }

    /** The port it.jvm.base gives the operator's Datadog base URLs (a tenant only picks the site). */
    private static final int DATADOG_PORT = 14318;

    @Test
    void datadogHoldsGenAiSpansInMd5Traces() throws Exception {
        try (FakeOtlpCollector datadog = new FakeOtlpCollector(DATADOG_PORT)) {
            String app = configure("dd", "datadog", Json.createObjectBuilder().add("api_key", "dd-key-1")
                    .add("site", "datadoghq.eu").add("service_name", "dify-dd").build());
            assertEquals("dd-key-1", header(datadog.keyChecks().get(0), "dd-api-key"), "the key was checked before saving");
            Sent sent = send("dd", app);
            FakeOtlpCollector.Received first = datadog.requests().get(0);
            assertEquals("dd-key-1", header(first.headers(), "dd-api-key"));
            assertEquals("llmobs", header(first.headers(), "dd-otlp-source"));
            assertEquals("dify-dd", first.request().getResourceSpans(0).getResource().getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("service.name")).findFirst().orElseThrow().getValue().getStringValue());
            List<Span> spans = datadog.acceptedSpans();
            assertEquals(9, spans.stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count(),
                    "message, workflow, three nodes; message, llm, tool, retrieval");
            byte[] chatflow = md5("message:" + sent.chatflow().message);
            byte[] chat = md5("message:" + sent.chat().message);
            Map<String, Span> flow = byName(spans, chatflow);
            Map<String, Span> talk = byName(spans, chat);
            assertEquals(Set.of("message", "workflow", "llm", "tool", "knowledge-retrieval"), flow.keySet());
            assertEquals(Set.of("message", "llm", "weather_api", "dataset_retrieval"), talk.keySet());
            assertEquals(FakeOtlpCollector.hex(com.google.protobuf.ByteString.copyFrom(chatflow, 8, 8)),
                    FakeOtlpCollector.hex(flow.get("message").getSpanId()), "the root span is the digest's low 64 bits");
            assertEquals(flow.get("message").getSpanId(), flow.get("workflow").getParentSpanId());
            assertEquals("chat", operation(flow.get("llm")));
            assertEquals("gpt-4", FakeOtlpCollector.attribute(flow.get("llm"), "gen_ai.request.model").orElseThrow());
            assertEquals("120", FakeOtlpCollector.attribute(flow.get("llm"), "gen_ai.usage.input_tokens").orElseThrow());
            Span failed = flow.get("tool");
            assertEquals("execute_tool", operation(failed));
            assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, failed.getStatus().getCode());
            assertEquals("boom", failed.getStatus().getMessage());
            assertEquals(flow.get("workflow").getSpanId(), failed.getParentSpanId());
            assertEquals("retrieval", operation(flow.get("knowledge-retrieval")));
            assertEquals(sent.chatflow().conversation,
                    FakeOtlpCollector.attribute(flow.get("workflow"), "gen_ai.conversation.id").orElseThrow());
            assertEquals(app, FakeOtlpCollector.attribute(flow.get("workflow"), "dify.app_id").orElseThrow());
            assertEquals("execute_tool", operation(talk.get("weather_api")));
            assertEquals("retrieval", operation(talk.get("dataset_retrieval")));
            assertEquals(talk.get("message").getSpanId(), talk.get("weather_api").getParentSpanId());
            assertTrue(FakeOtlpCollector.attribute(talk.get("llm"), "gen_ai.output.messages").orElseThrow().contains("sunny"));
            assertEquals("https://app.datadoghq.eu/llm/traces", projectUrl("dd", app, "datadog"));
        }
    }

    @Test
    void weaveHoldsCompleteCallsUnderTheLookedUpEntity() throws Exception {
        // W&B's GraphQL as the SDK meets it: the viewer's entity, then the project, which exists already.
        try (FakeVendorBackend weave = new FakeVendorBackend(true, r -> r.target().equals("/graphql")
                ? new String[] {"200", r.body().contains("project(")
                        ? "{\"data\":{\"project\":{\"name\":\"dify-weave\"}}}"
                        : "{\"data\":{\"viewer\":{\"entity\":\"it-team\"}}}"}
                : r.target().equals("/calls/query_stats") ? new String[] {"200", "{\"count\":0}"}
                : new String[] {"200", "{}"})) {
            String app = configure("wv", "weave", Json.createObjectBuilder().add("api_key", "wv-key-1")
                    .add("project", "dify-weave").add("endpoint", weave.url()).add("host", weave.url()).build());
            assertEquals("it-team/dify-weave", weave.requests("POST", "/calls/query_stats").get(0).json().getString("project_id"),
                    "the check ran against the viewer's entity");
            Sent sent = send("wv", app);
            List<FakeVendorBackend.Request> posts = weave.requests("POST", "/v2/it-team/dify-weave/calls/complete");
            List<JsonObject> calls = posts.stream()
                    .flatMap(r -> r.json().getJsonArray("batch").getValuesAs(JsonValue::asJsonObject).stream()).toList();
            Map<String, JsonObject> byId = calls.stream().collect(Collectors.toMap(c -> c.getString("id"), c -> c, (a, b) -> b));
            assertEquals(9, byId.size(), "message, workflow, three nodes; message, llm, tool, retrieval");
            calls.forEach(c -> assertEquals("it-team/dify-weave", c.getString("project_id")));
            JsonObject workflow = byId.get(sent.chatflow().run);
            assertEquals("workflow", workflow.getString("op_name"));
            assertEquals(sent.chatflow().message, workflow.getString("parent_id"));
            assertEquals(sent.chatflow().message, workflow.getString("trace_id"));
            JsonObject tool = byId.get(sent.chatflow().toolNode);
            assertEquals("boom", tool.getString("exception"));
            assertEquals(sent.chatflow().run, tool.getString("parent_id"));
            assertEquals(1, byId.get(sent.chatflow().message).getJsonObject("summary").getJsonObject("status_counts").getInt("error"));
            assertEquals(205, byId.get(sent.chatflow().llmNode).getJsonObject("summary").getJsonObject("usage")
                    .getJsonObject("gpt-4").getInt("total_tokens"));
            List<JsonObject> aroundMessage = calls.stream().filter(c -> Set.of("weather_api", "dataset_retrieval")
                    .contains(c.getString("op_name"))).toList();
            assertEquals(2, aroundMessage.size());
            aroundMessage.forEach(c -> assertEquals(sent.chat().message, c.getString("parent_id")));
            String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("api:wv-key-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(basic, posts.get(0).authorization());
            assertEquals(basic, weave.requests("POST", "/graphql").get(0).authorization());
            assertTrue(weave.requests("POST", "/graphql").stream().anyMatch(r -> r.body().contains("project(")),
                    "the project was looked up before calls went to it");
            assertTrue(weave.requests("POST", "/graphql").stream().noneMatch(r -> r.body().contains("upsertModel")),
                    "an existing project is not upserted");
            assertEquals(weave.url() + "/it-team/dify-weave/weave", projectUrl("wv", app, "weave"));
        }
    }

    private static byte[] md5(String text) throws Exception {
        return java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, Span> byName(List<Span> spans, byte[] traceId) {
        return spans.stream().filter(s -> java.util.Arrays.equals(s.getTraceId().toByteArray(), traceId))
                .collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
    }

    private static String operation(Span span) {
        return FakeOtlpCollector.attribute(span, "gen_ai.operation.name").orElseThrow();
    }

    @Test
    void opikHoldsTwoMessageTracesAndTheirSpans() throws Exception {
        try (FakeVendorBackend opik = new FakeVendorBackend(false, r -> r.target().startsWith("/api/v1/private/projects")
                ? new String[] {"200", "{\"content\":[],\"page\":1,\"size\":1,\"total\":0}"}
                : new String[] {"204", ""})) {
            String app = configure("op", "opik", Json.createObjectBuilder().add("api_key", "opik-key-1").add("project", "dify")
                    .add("workspace", "it-ws").add("url", opik.url() + "/api/").build());
            assertEquals("/api/v1/private/projects?size=1", opik.requests("GET", "/api/").get(0).target(), "the check");
            Sent sent = send("op", app);
            List<JsonObject> traces = opik.requests("POST", "/api/v1/private/traces/batch").stream()
                    .flatMap(r -> r.json().getJsonArray("traces").getValuesAs(JsonValue::asJsonObject).stream()).toList();
            List<JsonObject> spans = opik.requests("POST", "/api/v1/private/spans/batch").stream()
                    .flatMap(r -> r.json().getJsonArray("spans").getValuesAs(JsonValue::asJsonObject).stream()).toList();
            // UUIDv7 ids: the time on top, the Dify id's low bits kept, so each trace is its message's.
            Map<String, JsonObject> traceOf = traces.stream().collect(Collectors.toMap(
                    t -> t.getString("id").substring(24), t -> t, (a, b) -> a));
            JsonObject chatflow = traceOf.get(sent.chatflow().message.substring(24));
            JsonObject chat = traceOf.get(sent.chat().message.substring(24));
            assertEquals(2, traceOf.size());
            assertEquals("message", chatflow.getString("name"));
            assertEquals(List.of("message", "workflow"), chatflow.getJsonArray("tags").getValuesAs(JsonValue::toString).stream()
                    .map(s -> s.replace("\"", "")).toList());
            assertEquals(sent.chatflow().conversation, chatflow.getString("thread_id"));
            traces.forEach(t -> assertEquals(7, UUID.fromString(t.getString("id")).version()));
            Map<String, JsonObject> byDifyId = spans.stream().collect(Collectors.toMap(s -> s.getString("id").substring(24), s -> s, (a, b) -> a));
            assertEquals(7, byDifyId.size(), "workflow span, three nodes; llm, tool, retrieval");
            JsonObject workflow = byDifyId.get(sent.chatflow().run.substring(24));
            assertEquals("general", workflow.getString("type"));
            assertTrue(!workflow.containsKey("parent_span_id"));
            JsonObject llm = byDifyId.get(sent.chatflow().llmNode.substring(24));
            assertEquals("llm", llm.getString("type"));
            assertEquals(205, llm.getJsonObject("usage").getInt("total_tokens"));
            assertEquals(workflow.getString("id"), llm.getString("parent_span_id"));
            JsonObject tool = byDifyId.get(sent.chatflow().toolNode.substring(24));
            assertEquals("tool", tool.getString("type"));
            assertEquals("boom", tool.getJsonObject("error_info").getString("message"));
            assertEquals("dify", tool.getJsonObject("metadata").getString("created_from"));
            spans.stream().filter(s -> !s.containsKey("parent_span_id") && !s.getString("type").equals("general"))
                    .forEach(s -> assertEquals(chat.getString("id"), s.getString("trace_id"), s.getString("name")));
            spans.forEach(s -> assertEquals("dify", s.getString("project_name")));
            FakeVendorBackend.Request post = opik.requests("POST", "/api/v1/private/spans/batch").get(0);
            assertEquals("opik-key-1", post.authorization(), "the raw key, no Bearer");
            assertEquals("it-ws", post.headers().get("comet-workspace"));
            assertEquals(opik.url() + "/it-ws/redirect/projects?name=dify", projectUrl("op", app, "opik"));
        }
    }

    /** HttpServer normalises header names' case. */
    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                .map(e -> e.getValue().get(0)).orElse(null);
    }

    @Test
    void aliyunHoldsGenAiSpansAtTheLicenseKeysPath() throws Exception {
        try (FakeOtlpCollector aliyun = new FakeOtlpCollector("/adapt_it-license-1/api/otlp/traces")) {
            String app = configure("al", "aliyun", Json.createObjectBuilder().add("license_key", "it-license-1")
                    .add("endpoint", aliyun.endpoint()).add("app_name", "it-bot").build());
            assertTrue(!aliyun.refusedMethods().isEmpty() && aliyun.refusedMethods().stream().allMatch("HEAD"::equals),
                    "the check: a HEAD answered 405");
            Sent sent = send("al", app);
            List<Span> spans = aliyun.acceptedSpans();
            Map<String, Span> byId = spans.stream().collect(Collectors.toMap(s -> FakeOtlpCollector.hex(s.getSpanId()), s -> s, (a, b) -> a));
            assertEquals(9, byId.size(), "chatflow: message, workflow, three nodes; chat: message, llm, tool, retrieval");
            EnterpriseSamples flow = sent.chatflow();
            Span message = byId.get(aliyunSpanId(flow.message, "message"));
            Span workflow = byId.get(aliyunSpanId(flow.run, "workflow"));
            Span llmNode = byId.get(aliyunSpanId(flow.llmNode, "node"));
            Span toolNode = byId.get(aliyunSpanId(flow.toolNode, "node"));
            assertEquals(Span.SpanKind.SPAN_KIND_SERVER, message.getKind());
            assertEquals(message.getSpanId(), workflow.getParentSpanId());
            assertEquals(flow.run.replace("-", ""), FakeOtlpCollector.hex(workflow.getTraceId()), "the run's trace");
            assertEquals(workflow.getSpanId(), toolNode.getParentSpanId());
            assertEquals("TOOL", FakeOtlpCollector.attribute(toolNode, "gen_ai.span.kind").orElseThrow());
            assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, toolNode.getStatus().getCode());
            assertEquals("boom", toolNode.getStatus().getMessage());
            assertEquals("LLM", FakeOtlpCollector.attribute(llmNode, "gen_ai.span.kind").orElseThrow());
            assertEquals("205", FakeOtlpCollector.attribute(llmNode, "gen_ai.usage.total_tokens").orElseThrow());
            assertEquals("gpt-4", FakeOtlpCollector.attribute(llmNode, "gen_ai.request.model").orElseThrow());
            assertEquals("dify", FakeOtlpCollector.attribute(llmNode, "gen_ai.framework").orElseThrow());
            Span chatTool = spans.stream().filter(s -> s.getName().equals("weather_api")).findFirst().orElseThrow();
            assertEquals(aliyunSpanId(sent.chat().message, "message"), FakeOtlpCollector.hex(chatTool.getParentSpanId()));
            assertEquals(sent.chat().message.replace("-", ""), FakeOtlpCollector.hex(chatTool.getTraceId()));
            FakeOtlpCollector.Received first = aliyun.requests().get(0);
            assertTrue(first.headers().keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Authorization")));
            Map<String, String> resource = first.request().getResourceSpans(0).getResource().getAttributesList().stream()
                    .collect(Collectors.toMap(kv -> kv.getKey(), kv -> kv.getValue().getStringValue()));
            assertEquals("it-bot", resource.get("service.name"));
            assertEquals("genai_app", resource.get("acs.arms.service.feature"));
            assertEquals("https://arms.console.aliyun.com/#/llm", projectUrl("al", app, "aliyun"));
        }
    }

    /** Aliyun's span id: SHA-256 of "<uuid hex>-<span type>", first 8 bytes, in hex. */
    private static String aliyunSpanId(String uuid, String type) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest((uuid.replace("-", "") + "-" + type).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest, 0, 8);
    }

    @Test
    void tencentHoldsGenAiSpansAndDeltaMetricsOverGrpc() throws Exception {
        try (FakeEnterpriseCollector tencent = new FakeEnterpriseCollector()) {
            String app = configure("tc", "tencent", Json.createObjectBuilder().add("token", "tc-token-1")
                    .add("endpoint", tencent.grpcEndpoint()).add("service_name", "dify-tc").build());
            Sent sent = send("tc", app);
            List<Span> spans = tencent.acceptedSpans();
            assertEquals(9, spans.stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count());
            // The config's check came first: an empty export with the token, then the spans.
            List<FakeEnterpriseCollector.Received> exports = tencent.requests(FakeEnterpriseCollector.Signal.TRACES);
            assertEquals(0, ((ExportTraceServiceRequest) exports.get(0).request()).getResourceSpansCount(), "the check sends no span");
            assertEquals("Bearer tc-token-1", exports.get(0).headers().get("authorization"));
            FakeEnterpriseCollector.Received first = exports.stream()
                    .filter(r -> ((ExportTraceServiceRequest) r.request()).getResourceSpansCount() > 0).findFirst().orElseThrow();
            assertEquals("Bearer tc-token-1", first.headers().get("authorization"));
            assertEquals("dify-tc", FakeEnterpriseCollector.text(((ExportTraceServiceRequest) first.request())
                    .getResourceSpans(0).getResource().getAttributesList(), "service.name"));
            Map<String, Span> flow = byName(spans, uuidBytes(sent.chatflow().message));
            assertEquals(Set.of("message", "workflow", "GENERATION", "tool", "knowledge-retrieval"), flow.keySet());
            assertEquals("WORKFLOW", tencentKind(flow.get("message")));
            assertEquals("true", FakeOtlpCollector.attribute(flow.get("message"), "gen_ai.is_entry").orElseThrow());
            assertTrue(FakeOtlpCollector.attribute(flow.get("workflow"), "gen_ai.is_entry").isEmpty());
            assertEquals("GENERATION", tencentKind(flow.get("GENERATION")));
            assertEquals("gpt-4", FakeOtlpCollector.attribute(flow.get("GENERATION"), "gen_ai.request.model").orElseThrow());
            assertEquals("120", FakeOtlpCollector.attribute(flow.get("GENERATION"), "gen_ai.usage.input_tokens").orElseThrow());
            assertEquals("TOOL", tencentKind(flow.get("tool")));
            assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, flow.get("tool").getStatus().getCode());
            assertEquals("RETRIEVER", tencentKind(flow.get("knowledge-retrieval")));
            assertEquals(flow.get("workflow").getSpanId(), flow.get("GENERATION").getParentSpanId());
            assertEquals(sent.chatflow().conversation, FakeOtlpCollector.attribute(flow.get("workflow"), "gen_ai.session.id").orElseThrow());
            Map<String, Span> chat = byName(spans, uuidBytes(sent.chat().message));
            assertEquals("TOOL", tencentKind(chat.get("weather_api")));
            assertEquals("RETRIEVER", tencentKind(chat.get("dataset_retrieval")));
            assertEquals(chat.get("message").getSpanId(), chat.get("weather_api").getParentSpanId());

            // Once per task: the chatflow's LLM node counts its call; the chat message is the only trace root.
            Map<String, List<io.opentelemetry.proto.metrics.v1.HistogramDataPoint>> points = new java.util.HashMap<>();
            tencent.requests(FakeEnterpriseCollector.Signal.METRICS).stream().filter(FakeEnterpriseCollector.Received::accepted)
                    .flatMap(r -> ((io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest) r.request())
                            .getResourceMetricsList().stream())
                    .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
                    .forEach(m -> {
                        assertEquals(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA,
                                m.getHistogram().getAggregationTemporality(), m.getName());
                        points.computeIfAbsent(m.getName(), n -> new ArrayList<>()).addAll(m.getHistogram().getDataPointsList());
                    });
            assertEquals(1, points.get("gen_ai.trace.duration").size());
            assertEquals(2.0, points.get("gen_ai.trace.duration").get(0).getSum(), 1e-9);
            assertEquals(1, points.get("gen_ai.client.operation.duration").size());
            assertEquals(205.0, points.get("gen_ai.client.token.usage").stream().mapToDouble(p -> p.getSum()).sum(), 1e-9);
            assertEquals("https://console.cloud.tencent.com/apm", projectUrl("tc", app, "tencent"));
        }
    }

    private static String tencentKind(Span span) {
        return FakeOtlpCollector.attribute(span, "gen_ai.span.kind").orElseThrow();
    }

    private static byte[] uuidBytes(String uuid) {
        UUID u = UUID.fromString(uuid);
        return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    private static void assertOpenInference(List<Span> spans, Sent sent) {
        Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
        assertEquals(9, spans.stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count());
        assertEquals("LLM", FakeOtlpCollector.attribute(byName.get("llm_llm"), "openinference.span.kind").orElseThrow());
        assertEquals("205", FakeOtlpCollector.attribute(byName.get("llm_llm"), "llm.token_count.total").orElseThrow());
        Span failed = byName.get("tool_tool");
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, failed.getStatus().getCode());
        assertEquals("exception", failed.getEvents(0).getName());
        assertEquals("RETRIEVER", FakeOtlpCollector.attribute(byName.get("dataset_retrieval"), "openinference.span.kind").orElseThrow());
        assertEquals("TOOL", FakeOtlpCollector.attribute(byName.get("weather_api"), "openinference.span.kind").orElseThrow());
        assertEquals(byName.get("workflow").getSpanId(), failed.getParentSpanId());
    }
}
