package org.tracerelay.export.databricks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend.Answer;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.span.RedactedTasks;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * Databricks against an in-JVM workspace that speaks its wire: the OAuth token endpoint, the
 * v3 trace create (refusing a second create of a trace id, as the real one does), the upload
 * credentials, and the signed URL that takes the spans by PUT.
 */
class DatabricksExporterTest {

    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");
    static final String CLIENT = "sp-client";
    static final String SECRET = "sp-secret";

    /** The workspace: stateful where Databricks is (tokens handed out, traces created). */
    static final class Workspace implements AutoCloseable {
        final FakeBackend server;
        final Set<String> traces = ConcurrentHashMap.newKeySet();
        final Map<String, String> uploads = new ConcurrentHashMap<>();
        volatile int tokensIssued;
        volatile long expiresIn = 3600;
        /** Per step ("token", "create", "credentials", "put", "experiment"): an answer that replaces the normal one. */
        final Map<String, Function<FakeBackend.Request, Answer>> faults = new ConcurrentHashMap<>();
        volatile String signedHost;
        /** The storage behind the signed URL, as MLflow's credential type names it. */
        volatile String storage = "AZURE_SAS_URI";
        /** ADLS Gen2 files appended to but not yet flushed. */
        final Map<String, String> appended = new ConcurrentHashMap<>();

        Workspace() throws Exception {
            server = new FakeBackend();
            signedHost = server.url();
            server.answer(this::answer);
        }

        Answer answer(FakeBackend.Request r) {
            String step = step(r);
            Function<FakeBackend.Request, Answer> fault = faults.get(step);
            if (fault != null) {
                Answer a = fault.apply(r);
                if (a != null) {
                    return a;
                }
            }
            switch (step) {
                case "token":
                    tokensIssued++;
                    return Answer.json(200, "{\"access_token\":\"oauth-" + tokensIssued + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                            + expiresIn + "}");
                case "create":
                    String id = json(r.text()).getJsonObject("trace").getJsonObject("trace_info").getString("trace_id");
                    if (!traces.add(id)) {
                        return Answer.json(409, "{\"error_code\":\"RESOURCE_ALREADY_EXISTS\",\"message\":\"Trace exists\"}");
                    }
                    return Answer.json(200, r.text());
                case "credentials":
                    String trace = r.target().split("/")[5];
                    return Answer.json(200, "{\"credential_info\":{\"signed_uri\":\"" + signedHost + "/upload/" + trace
                            + "/traces.json?sig=abc\",\"type\":\"" + storage + "\",\"headers\":[]}}");
                case "put":
                    return storage(r);
                case "delete":
                    JsonObject delete = json(r.text());
                    delete.getJsonArray("request_ids").getValuesAs(jakarta.json.JsonString::getString).forEach(t -> {
                        traces.remove(t);
                        uploads.remove(t);
                    });
                    return Answer.json(200, "{\"traces_deleted\":1}");
                case "experiment":
                    return Answer.json(200, "{\"experiment\":{\"experiment_id\":\"42\"}}");
                default:
                    return Answer.of(404, "");
            }
        }

        /**
         * The storage's own rules: Azure Blob Storage refuses a PUT without its blob type; ADLS
         * Gen2 takes a file created, appended to and flushed at the appended length; S3 and GCS
         * take one PUT.
         */
        Answer storage(FakeBackend.Request r) {
            String trace = r.target().split("/")[2];
            String query = r.target().substring(r.target().indexOf('?') + 1);
            switch (storage) {
                case "AZURE_SAS_URI":
                    if (!r.method().equals("PUT") || !"BlockBlob".equals(r.headers().get("x-ms-blob-type"))) {
                        return Answer.of(400, "<Error><Code>MissingRequiredHeader</Code></Error>");
                    }
                    uploads.put(trace, r.text());
                    return Answer.of(201, "");
                case "AZURE_ADLS_GEN2_SAS_URI":
                    if (r.method().equals("PUT") && query.equals("sig=abc&resource=file") && r.body().length == 0) {
                        appended.put(trace, "");
                        return Answer.of(201, "");
                    }
                    if (r.method().equals("PATCH") && query.equals("sig=abc&action=append&position=0") && appended.containsKey(trace)) {
                        appended.put(trace, r.text());
                        return Answer.of(202, "");
                    }
                    if (r.method().equals("PATCH") && appended.containsKey(trace)
                            && query.equals("sig=abc&action=flush&position=" + appended.get(trace).getBytes(StandardCharsets.UTF_8).length)) {
                        uploads.put(trace, appended.remove(trace));
                        return Answer.of(200, "");
                    }
                    return Answer.json(400, "{\"error\":{\"code\":\"InvalidUri\"}}");
                default:
                    if (!r.method().equals("PUT")) {
                        return Answer.of(405, "");
                    }
                    uploads.put(trace, r.text());
                    return Answer.of(200, "");
            }
        }

        static String step(FakeBackend.Request r) {
            String t = r.target();
            if (t.equals("/oidc/v1/token")) {
                return "token";
            }
            if (t.equals("/api/3.0/mlflow/traces")) {
                return "create";
            }
            if (t.endsWith("/credentials-for-data-upload")) {
                return "credentials";
            }
            if (t.startsWith("/upload/")) {
                return "put";
            }
            if (t.equals("/api/2.0/mlflow/traces/delete-traces")) {
                return "delete";
            }
            return t.startsWith("/api/2.0/mlflow/experiments/get") ? "experiment" : "other";
        }

        List<FakeBackend.Request> requests(String step) {
            return server.requests().stream().filter(r -> step(r).equals(step)).toList();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A clock the token cache reads, moved by the test. */
    static final class TestClock extends Clock {
        Instant now = RECEIVED;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    Workspace dbx;
    TestClock clock;
    DatabricksExporter exporter;

    @BeforeEach
    void start() throws Exception {
        dbx = new Workspace();
        clock = new TestClock();
        exporter = new DatabricksExporter(FakeBackend.http(), clock, Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        dbx.close();
    }

    Destination oauth(String host) {
        return new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", host, "experiment_id", "42", "client_id", CLIENT, "client_secret", SECRET, "personal_access_token", ""));
    }

    Destination oauth() {
        return oauth(dbx.server.url());
    }

    Destination pat() {
        return new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", dbx.server.url() + "/", "experiment_id", "42", "personal_access_token", " dapi-123 "));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, RECEIVED);
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static String traceId(TaskEnvelope task) {
        return "tr-" + TraceIds.hex(DatabricksTrace.traceId(task));
    }

    /** The uploaded spans of a task's trace, by name. */
    Map<String, JsonObject> spans(TaskEnvelope task) {
        String upload = dbx.uploads.get(traceId(task));
        assertTrue(upload != null, "spans uploaded for " + task.type());
        return json(upload).getJsonArray("spans").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(s -> s.getString("name"), s -> s, (a, b) -> a, LinkedHashMap::new));
    }

    JsonObject info(TaskEnvelope task) {
        return dbx.requests("create").stream().map(r -> json(r.text()).getJsonObject("trace").getJsonObject("trace_info"))
                .filter(i -> i.getString("trace_id").equals(traceId(task))).findFirst().orElseThrow();
    }

    /** An attribute as MLflow reads it back: JSON text, parsed. */
    static JsonValue attr(JsonObject span, String key) {
        String text = span.getJsonObject("attributes").getString(key, null);
        return text == null ? null : Json.createReader(new StringReader(text)).readValue();
    }

    static String type(JsonObject span) {
        return attr(span, "mlflow.spanType").toString().replace("\"", "");
    }

    static String b64(byte[] id) {
        return Base64.getEncoder().encodeToString(id);
    }

    static long nanos(String instant) {
        Instant i = Instant.parse(instant);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void aWorkflowWithItsMessageIsCreatedThenUploadedToTheSignedUrl() {
        TaskEnvelope task = Tasks.workflow("succeeded", "");
        Map<String, ExportOutcome> out = exporter.export(oauth(), List.of(item("d1", task)));

        assertEquals(Map.of("d1", ExportOutcome.delivered()), out);
        assertEquals(List.of("token", "create", "credentials", "put"),
                dbx.server.requests().stream().map(Workspace::step).toList(), "token, trace info, credentials, spans");

        FakeBackend.Request token = dbx.requests("token").get(0);
        assertEquals("POST", token.method());
        assertEquals("Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8)),
                token.headers().get("authorization"));
        assertEquals("application/x-www-form-urlencoded", token.headers().get("content-type"));
        assertEquals("grant_type=client_credentials&scope=all-apis", token.text());

        FakeBackend.Request create = dbx.requests("create").get(0);
        assertEquals("POST", create.method());
        assertEquals("Bearer oauth-1", create.headers().get("authorization"));
        assertEquals("application/json", create.headers().get("content-type"));
        JsonObject info = info(task);
        assertEquals(traceId(task), info.getString("trace_id"));
        assertTrue(info.getString("trace_id").matches("tr-[0-9a-f]{32}"));
        assertEquals(task.taskId(), info.getString("client_request_id"));
        assertEquals(Json.createObjectBuilder().add("type", "MLFLOW_EXPERIMENT")
                .add("mlflow_experiment", Json.createObjectBuilder().add("experiment_id", "42")).build(), info.getJsonObject("trace_location"));
        assertEquals("2026-11-21T09:00:00Z", info.getString("request_time"));
        assertEquals("4s", info.getString("execution_duration"));
        assertEquals("OK", info.getString("state"));
        assertEquals("{\"query\":\"What is the weather?\"}", info.getString("request_preview"));
        assertEquals("{\"answer\":\"sunny\"}", info.getString("response_preview"));
        JsonObject meta = info.getJsonObject("trace_metadata");
        assertEquals("3", meta.getString("mlflow.trace_schema.version"));
        assertEquals("u-1", meta.getString("mlflow.trace.user"));
        assertEquals(Tasks.MESSAGE, meta.getString("dify.trace_id"), "the Dify trace it belongs to");
        assertEquals("WorkflowTraceInfo", meta.getString("dify.trace_info_type"));
        assertEquals(Tasks.APP, meta.getString("dify.app_id"));
        assertEquals(Tasks.TENANT, meta.getString("dify.tenant_id"));
        assertEquals("message", info.getJsonObject("tags").getString("mlflow.traceName"));

        FakeBackend.Request credentials = dbx.requests("credentials").get(0);
        assertEquals("GET", credentials.method());
        assertEquals("/api/2.0/mlflow/traces/" + traceId(task) + "/credentials-for-data-upload", credentials.target());
        assertEquals("Bearer oauth-1", credentials.headers().get("authorization"));

        FakeBackend.Request put = dbx.requests("put").get(0);
        assertEquals("PUT", put.method());
        assertEquals("/upload/" + traceId(task) + "/traces.json?sig=abc", put.target());
        assertNull(put.headers().get("authorization"), "the signed URL is its own credential");
        assertEquals("BlockBlob", put.headers().get("x-ms-blob-type"), "the storage's headers from credential_info");
        assertEquals("application/json", put.headers().get("content-type"));

        Map<String, JsonObject> spans = spans(task);
        assertEquals(Map.of("message", "CHAIN", "workflow", "CHAIN", "LLM", "LLM", "TOOL", "TOOL", "KNOWLEDGE-RETRIEVAL", "RETRIEVER"),
                spans.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> type(e.getValue()))));
        String traceB64 = b64(DatabricksTrace.traceId(task));
        for (JsonObject s : spans.values()) {
            assertEquals(traceB64, s.getString("trace_id"), "one trace: the bytes of tr-<hex>");
            assertEquals(Json.createValue(traceId(task)), attr(s, "mlflow.traceRequestId"));
            assertEquals("STATUS_CODE_OK", s.getJsonObject("status").getString("code"));
            assertTrue(s.getJsonArray("events").isEmpty());
            assertNull(s.getJsonObject("attributes").get("session.id"), "user and session live in the trace metadata");
        }
        JsonObject message = spans.get("message");
        JsonObject workflow = spans.get("workflow");
        JsonObject llm = spans.get("LLM");
        assertEquals(b64(TraceIds.spanId(Tasks.MESSAGE)), message.getString("span_id"));
        assertTrue(message.isNull("parent_span_id"), "the root");
        assertEquals(b64(TraceIds.spanId(Tasks.RUN)), workflow.getString("span_id"));
        assertEquals(message.getString("span_id"), workflow.getString("parent_span_id"));
        assertEquals(workflow.getString("span_id"), llm.getString("parent_span_id"));
        assertEquals(workflow.getString("span_id"), spans.get("TOOL").getString("parent_span_id"));
        assertEquals(nanos("2026-11-21T09:00:00Z"), workflow.getJsonNumber("start_time_unix_nano").longValue());
        assertEquals(nanos("2026-11-21T09:00:04Z"), workflow.getJsonNumber("end_time_unix_nano").longValue());
        assertEquals(nanos("2026-11-21T09:00:01Z"), llm.getJsonNumber("start_time_unix_nano").longValue());
        assertEquals(nanos("2026-11-21T09:00:01.5Z"), llm.getJsonNumber("end_time_unix_nano").longValue(), "start + elapsed_time");
        assertEquals(Json.createObjectBuilder().add("input_tokens", 120).add("output_tokens", 85).add("total_tokens", 205).build(),
                attr(llm, "mlflow.chat.tokenUsage"));
        assertEquals(Json.createValue("gpt-4"), attr(llm, "mlflow.llm.model"));
        assertEquals(Json.createValue("openai"), attr(llm, "mlflow.llm.provider"));
        assertNull(attr(workflow, "mlflow.chat.tokenUsage"), "only LLM spans carry usage, or the trace total would count twice");
        assertEquals(Json.createObjectBuilder().add("query", "What is the weather?").build(), attr(workflow, "mlflow.spanInputs"));
        assertEquals(Json.createObjectBuilder().add("a", "sunny").build(), attr(llm, "mlflow.spanOutputs"));
    }

    @Test
    void everyOtherPayloadTypeIsItsOwnTraceAndErrorsCarryAnExceptionEvent() {
        TaskEnvelope message = Tasks.message("");
        TaskEnvelope tool = Tasks.tool("timeout");
        List<TaskEnvelope> tasks = List.of(message, tool, Tasks.moderation(), Tasks.suggestedQuestion(), Tasks.datasetRetrieval(),
                Tasks.generateName(), Tasks.promptGeneration(""), Tasks.draftNode());
        Map<String, ExportOutcome> out = exporter.export(oauth(),
                tasks.stream().map(t -> item(t.type().name(), t)).toList());
        out.forEach((id, o) -> assertEquals(ExportOutcome.delivered(), o, id));
        assertEquals(8, dbx.traces.size(), "a trace each: one upload per trace, which a second would replace");
        assertEquals(1, dbx.tokensIssued, "one token for the whole batch");

        Map<String, JsonObject> m = spans(message);
        assertEquals("CHAIN", type(m.get("message")));
        assertEquals("LLM", type(m.get("llm")));
        assertEquals(m.get("message").getString("span_id"), m.get("llm").getString("parent_span_id"));
        assertEquals(Json.createObjectBuilder().add("input_tokens", 120).add("output_tokens", 85).add("total_tokens", 205).build(),
                attr(m.get("llm"), "mlflow.chat.tokenUsage"));
        assertEquals(Json.createValue("The weather is sunny."), attr(m.get("message"), "mlflow.spanOutputs"));
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), m.get("message").getJsonNumber("end_time_unix_nano").longValue());
        assertEquals("2.45s", info(message).getString("execution_duration"));
        assertEquals("The weather is sunny.", info(message).getString("response_preview"), "a text output as itself");
        assertEquals(Tasks.CONVERSATION, info(message).getJsonObject("trace_metadata").getString("mlflow.trace.session"));

        JsonObject t = spans(tool).get("weather_api");
        assertEquals("TOOL", type(t));
        assertTrue(t.isNull("parent_span_id"), "its message is another Databricks trace: the tool call is this one's root");
        assertEquals(b64(TraceIds.spanId(tool.taskId())), t.getString("span_id"));
        assertEquals("STATUS_CODE_ERROR", t.getJsonObject("status").getString("code"));
        assertEquals("timeout", t.getJsonObject("status").getString("message"));
        JsonObject event = t.getJsonArray("events").getJsonObject(0);
        assertEquals("exception", event.getString("name"));
        assertEquals(t.getJsonNumber("end_time_unix_nano").longValue(), event.getJsonNumber("time_unix_nano").longValue());
        assertEquals("\"timeout\"", event.getJsonObject("attributes").getString("exception.message"));
        assertEquals(nanos("2026-11-21T09:00:02.45Z"), t.getJsonNumber("end_time_unix_nano").longValue());
        assertEquals("ERROR", info(tool).getString("state"));
        assertEquals(Tasks.MESSAGE, info(tool).getJsonObject("trace_metadata").getString("dify.trace_id"));

        assertEquals("CHAIN", type(spans(Tasks.moderation()).get("moderation")));
        assertEquals("TOOL", type(spans(Tasks.suggestedQuestion()).get("suggested_question")));
        JsonObject retrieval = spans(Tasks.datasetRetrieval()).get("dataset_retrieval");
        assertEquals("RETRIEVER", type(retrieval));
        assertEquals("install it", attr(retrieval, "mlflow.spanOutputs").asJsonObject().getJsonArray("documents")
                .getJsonObject(0).getString("page_content"));
        assertEquals("CHAIN", type(spans(Tasks.generateName()).get("generate_conversation_name")));
        JsonObject prompt = spans(Tasks.promptGeneration("")).get("rule_generate");
        assertEquals("LLM", type(prompt));
        assertEquals(Json.createObjectBuilder().add("input_tokens", 50).add("output_tokens", 30).add("total_tokens", 80).build(),
                attr(prompt, "mlflow.chat.tokenUsage"));
        assertEquals("LLM", type(spans(Tasks.draftNode()).get("LLM")));
    }

    @Test
    void everySpanShowsWhatTheDestinationsRulesRedactedButNoValue() {
        TaskEnvelope task = RedactedTasks.of(Tasks.workflow("succeeded", ""));
        exporter.export(pat(), List.of(item("d1", task)));
        Map<String, JsonObject> spans = spans(task);
        assertEquals(5, spans.size());
        JsonValue report = Json.createObjectBuilder().add("count", RedactedTasks.COUNT)
                .add("rules", Json.createArrayBuilder().add("card").add("email")).build();
        spans.forEach((name, s) -> assertEquals(report, attr(s, RedactionAttributes.REPORT_KEY), name));
        String sent = dbx.server.requests().stream().map(FakeBackend.Request::text).collect(Collectors.joining());
        assertFalse(sent.contains(RedactedTasks.EMAIL) || sent.contains(RedactedTasks.CARD));
    }

    @Test
    void aSingleNodeExecutionIsItsOwnTraceRootedAtTheNode() {
        TaskEnvelope node = Tasks.envelope("WorkflowNodeTraceInfo", Tasks.node(Tasks.TOOL_NODE, "tool", 2).build());
        assertEquals(ExportOutcome.delivered(), exporter.export(pat(), List.of(item("n", node))).get("n"));
        JsonObject span = spans(node).get("TOOL");
        assertEquals("TOOL", type(span));
        assertEquals(b64(TraceIds.spanId(Tasks.TOOL_NODE)), span.getString("span_id"));
        assertTrue(span.isNull("parent_span_id"), "its workflow run is not in this trace");
        assertEquals(nanos("2026-11-21T09:00:02Z"), span.getJsonNumber("start_time_unix_nano").longValue());
        assertEquals(Tasks.RUN, info(node).getJsonObject("trace_metadata").getString("dify.trace_id"));
    }

    @Test
    void aNestedWorkflowIsItsOwnTraceRootedAtItsWorkflow() {
        TaskEnvelope nested = Tasks.nestedWorkflow();
        exporter.export(oauth(), List.of(item("inner", nested)));
        Map<String, JsonObject> spans = spans(nested);
        JsonObject workflow = spans.get("workflow");
        assertEquals(b64(TraceIds.spanId(Tasks.NESTED_RUN)), workflow.getString("span_id"));
        assertTrue(workflow.isNull("parent_span_id"), "the calling tool node is in the outer run's trace");
        assertEquals(workflow.getString("span_id"), spans.get("LLM").getString("parent_span_id"));
        assertEquals(Tasks.RUN, info(nested).getJsonObject("trace_metadata").getString("dify.trace_id"));
    }

    @Test
    void theTraceIdIsTheTasksOwnAcrossTenantsAndApps() {
        TaskEnvelope mine = Tasks.message("");
        TaskEnvelope otherTenant = new TaskEnvelope(mine.taskId(), mine.appId(), "other-tenant", mine.type(), mine.traceInfo());
        TaskEnvelope otherApp = new TaskEnvelope(mine.taskId(), "other-app", mine.tenantId(), mine.type(), mine.traceInfo());
        assertEquals(3, Set.of(traceId(mine), traceId(otherTenant), traceId(otherApp)).size(),
                "task ids are unique per tenant only: equal ones must not meet in one experiment");
        assertEquals(traceId(mine), traceId(Tasks.message("")), "and stable across retries");
    }

    @Test
    void eventsThatAreNoTracesSendNothing() {
        Map<String, ExportOutcome> out = exporter.export(oauth(), List.of(item("a", Tasks.appEvent("created")), item("f", Tasks.feedback())));
        assertEquals(Map.of("a", ExportOutcome.delivered(), "f", ExportOutcome.delivered()), out);
        assertTrue(dbx.server.requests().isEmpty());
    }

    @Test
    void aPersonalAccessTokenIsTheBearerAndNoOAuthHappens() {
        assertEquals(ExportOutcome.delivered(), exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1"));
        assertTrue(dbx.requests("token").isEmpty());
        assertEquals("Bearer dapi-123", dbx.requests("create").get(0).headers().get("authorization"));
        assertEquals("Bearer dapi-123", dbx.requests("credentials").get(0).headers().get("authorization"));
        assertNull(dbx.requests("put").get(0).headers().get("authorization"));
    }

    @Test
    void theOAuthTokenIsReusedUntilShortlyBeforeItExpires() {
        exporter.export(oauth(), List.of(item("d1", Tasks.message(""))));
        clock.now = RECEIVED.plusSeconds(3600 - 61);
        exporter.export(oauth(), List.of(item("d2", Tasks.tool(""))));
        assertEquals(1, dbx.tokensIssued, "still fresh");
        clock.now = RECEIVED.plusSeconds(3600 - 59);
        exporter.export(oauth(), List.of(item("d3", Tasks.moderation())));
        assertEquals(2, dbx.tokensIssued, "within a minute of expiry: a new one");
        assertEquals("Bearer oauth-2", dbx.requests("create").get(2).headers().get("authorization"));
    }

    @Test
    void aTokenNeverServesAnotherDestinationHostOrSecret() throws Exception {
        exporter.export(oauth(), List.of(item("d1", Tasks.message(""))));
        Destination otherApp = new Destination("databricks/other-app", "databricks", "other-app", oauth().settings());
        exporter.export(otherApp, List.of(item("d2", Tasks.tool(""))));
        assertEquals(2, dbx.tokensIssued, "another destination gets its own token");
        assertEquals("Bearer oauth-2", dbx.requests("create").get(1).headers().get("authorization"));

        Map<String, String> rotated = new HashMap<>(oauth().settings());
        rotated.put("client_secret", "rotated");
        exporter.export(new Destination("databricks/app", "databricks", Tasks.APP, rotated), List.of(item("d3", Tasks.moderation())));
        assertEquals(3, dbx.tokensIssued, "a rotated secret gets a new token");

        try (Workspace other = new Workspace()) {
            exporter.export(oauth(other.server.url()), List.of(item("d4", Tasks.suggestedQuestion())));
            assertEquals(1, other.tokensIssued, "a changed host gets its own token");
            assertEquals("Bearer oauth-1", other.requests("create").get(0).headers().get("authorization"));
        }
    }

    @Test
    void aRefusedCachedTokenIsReplacedOnce() {
        exporter.export(oauth(), List.of(item("d1", Tasks.message(""))));
        dbx.faults.put("create", r -> "Bearer oauth-1".equals(r.headers().get("authorization")) ? Answer.json(401, "{}") : null);
        assertEquals(ExportOutcome.delivered(), exporter.export(oauth(), List.of(item("d2", Tasks.tool("")))).get("d2"));
        assertEquals(2, dbx.tokensIssued);
    }

    /** A failure injected at one step, then the retry: one trace, created once, spans uploaded. */
    void failsOnceAt(String step, Answer failure, ExportOutcome.Kind expected) {
        TaskEnvelope task = Tasks.message("");
        dbx.faults.put(step, r -> failure);
        ExportOutcome first = exporter.export(oauth(), List.of(item("d1", task))).get("d1");
        assertEquals(expected, first.kind(), step);
        dbx.faults.clear();
        assertEquals(ExportOutcome.delivered(), exporter.export(oauth(), List.of(item("d1", task))).get("d1"), step);
        assertEquals(Set.of(traceId(task)), dbx.traces, step + ": one trace");
        assertTrue(dbx.requests("create").stream().allMatch(r -> json(r.text()).getJsonObject("trace").getJsonObject("trace_info")
                .getString("trace_id").equals(traceId(task))), "the retry names the same trace");
        assertEquals(2, spans(task).size(), step);
    }

    @Test
    void aFailureAtTheTokenStepRetriesWithoutATrace() {
        failsOnceAt("token", Answer.of(503, ""), ExportOutcome.Kind.RETRY);
        assertEquals(1, dbx.requests("create").size(), "nothing was created while there was no token");
    }

    @Test
    void aFailureAtTheCreateStepRetries() {
        failsOnceAt("create", Answer.of(503, ""), ExportOutcome.Kind.RETRY);
    }

    @Test
    void aFailureAtTheCredentialsStepRetriesWithoutASecondTrace() {
        failsOnceAt("credentials", Answer.of(500, ""), ExportOutcome.Kind.RETRY);
        assertEquals(2, dbx.requests("create").size(), "the retry's create was answered: already exists");
    }

    @Test
    void aFailureAtThePutStepRetriesWithoutASecondTrace() {
        failsOnceAt("put", Answer.of(503, ""), ExportOutcome.Kind.RETRY);
        assertEquals(2, dbx.requests("credentials").size(), "a new signed URL for the retry");
    }

    @Test
    void anExpiredSignatureIsRetriedWithANewUrl() {
        failsOnceAt("put", Answer.of(403, "<Error>AuthenticationFailed</Error>"), ExportOutcome.Kind.RETRY);
    }

    @Test
    void theTokenEndpointRefusingTheClientKillsTheBatchWithoutATrace() {
        dbx.faults.put("token", r -> Answer.json(401, "{\"error\":\"invalid_client\"}"));
        Map<String, ExportOutcome> out = exporter.export(oauth(), List.of(item("a", Tasks.message("")), item("b", Tasks.tool(""))));
        assertEquals(1, dbx.server.requests().size(), "one token request, nothing else");
        out.values().forEach(o -> {
            assertEquals("http_401", o.code());
            assertTrue(o.destinationRefused());
            assertFalse(o.detail().contains(SECRET));
        });
        dbx.faults.put("token", r -> Answer.json(400, "{\"error\":\"invalid_client\"}"));
        assertEquals("http_401", exporter.export(oauth(), List.of(item("c", Tasks.message("")))).get("c").code());
        dbx.faults.put("token", r -> Answer.json(200, "{\"token_type\":\"Bearer\"}"));
        assertEquals("token_unreadable", exporter.export(oauth(), List.of(item("c", Tasks.message("")))).get("c").code());
    }

    ExportOutcome createAnswers(Answer a) {
        dbx.faults.put("create", r -> a);
        return exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.delivered(), createAnswers(Answer.json(200, "{}")));
        for (int permanent : List.of(400, 401, 403, 413)) {
            ExportOutcome o = createAnswers(Answer.json(permanent, "{\"error_code\":\"X\",\"message\":\"secret-ish remote text\"}"));
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), "status " + permanent);
            assertEquals("http_" + permanent, o.code());
            assertFalse(o.detail().contains("remote"), "the remote body is never kept");
        }
        ExportOutcome limited = createAnswers(new Answer(429, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals("http_429", limited.code());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        for (int retryable : List.of(500, 502, 503, 504)) {
            assertEquals(ExportOutcome.Kind.RETRY, createAnswers(Answer.of(retryable, "")).kind(), "status " + retryable);
        }
        ExportOutcome slow = createAnswers(new Answer(200, "{}", Map.of(), Duration.ofSeconds(3)));
        assertEquals(ExportOutcome.Kind.RETRY, slow.kind());
        assertEquals("timeout", slow.code());
        Destination resetting = new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", FakeBackend.resettingUrl(), "experiment_id", "42", "personal_access_token", "dapi-123"));
        ExportOutcome reset = exporter.export(resetting, List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("network_error", reset.code());
        Destination forbidden = new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", "http://10.0.0.8", "experiment_id", "42", "personal_access_token", "dapi-123"));
        assertEquals("destination_forbidden", exporter.export(forbidden, List.of(item("d1", Tasks.message("")))).get("d1").code());
    }

    @Test
    void eachStorageTypeTakesTheUploadMlflowGivesIt() {
        for (String storage : List.of("AZURE_SAS_URI", "AZURE_ADLS_GEN2_SAS_URI", "AWS_PRESIGNED_URL", "GCP_SIGNED_URL")) {
            dbx.storage = storage;
            int before = dbx.requests("put").size();
            TaskEnvelope task = Tasks.workflow("succeeded", "");
            dbx.uploads.clear();
            dbx.traces.clear();
            assertEquals(ExportOutcome.delivered(), exporter.export(pat(), List.of(item("d1", task))).get("d1"), storage);
            assertEquals(5, spans(task).size(), storage);
            List<FakeBackend.Request> all = dbx.requests("put");
            List<FakeBackend.Request> puts = all.subList(before, all.size());
            puts.forEach(p -> assertNull(p.headers().get("authorization"), "the URL is its own credential"));
            switch (storage) {
                case "AZURE_SAS_URI" -> {
                    assertEquals(1, puts.size());
                    assertEquals("BlockBlob", puts.get(0).headers().get("x-ms-blob-type"));
                }
                case "AZURE_ADLS_GEN2_SAS_URI" -> {
                    assertEquals(List.of("PUT", "PATCH", "PATCH"), puts.stream().map(FakeBackend.Request::method).toList());
                    assertEquals("application/json", puts.get(1).headers().get("content-type"));
                    assertTrue(puts.get(2).target().endsWith("&action=flush&position=" + puts.get(1).body().length));
                }
                default -> {
                    assertEquals(1, puts.size(), storage);
                    assertNull(puts.get(0).headers().get("x-ms-blob-type"), storage);
                }
            }
        }
    }

    @Test
    void spansRefusedForGoodDeleteTheirTrace() {
        TaskEnvelope task = Tasks.message("");
        dbx.faults.put("put", r -> Answer.of(400, "<Error>InvalidBlobOrBlock</Error>"));
        ExportOutcome o = exporter.export(pat(), List.of(item("d1", task))).get("d1");
        assertEquals(ExportOutcome.Kind.DEAD, o.kind());
        assertEquals("http_400", o.code());
        FakeBackend.Request delete = dbx.requests("delete").get(0);
        assertEquals("POST", delete.method());
        assertEquals("Bearer dapi-123", delete.headers().get("authorization"));
        assertEquals(Json.createObjectBuilder().add("experiment_id", "42").add("request_ids", Json.createArrayBuilder().add(traceId(task)))
                .build(), json(delete.text()));
        assertTrue(dbx.traces.isEmpty(), "no trace left without its spans");
    }

    @Test
    void spansThatFailForNowDeleteTheirTraceAndTheRetryCreatesItAgain() {
        TaskEnvelope task = Tasks.message("");
        dbx.faults.put("put", r -> Answer.of(503, ""));
        assertEquals(ExportOutcome.Kind.RETRY, exporter.export(pat(), List.of(item("d1", task))).get("d1").kind());
        assertTrue(dbx.traces.isEmpty());
        dbx.faults.clear();
        assertEquals(ExportOutcome.delivered(), exporter.export(pat(), List.of(item("d1", task))).get("d1"));
        assertEquals(Set.of(traceId(task)), dbx.traces);
        assertEquals(2, spans(task).size());
    }

    @Test
    void aTraceThatCannotBeDeletedEitherIsRetriedNotGivenUp() {
        dbx.faults.put("put", r -> Answer.of(400, ""));
        dbx.faults.put("delete", r -> Answer.of(503, ""));
        ExportOutcome o = exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, o.kind());
        assertEquals("trace_without_spans", o.code());
    }

    @Test
    void aStorageTypeMlflowDoesNotKnowIsNotGuessedAt() {
        dbx.storage = "SOME_NEW_STORE";
        ExportOutcome o = exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("upload_credentials_unreadable", o.code());
        assertTrue(dbx.requests("put").isEmpty());
        assertTrue(dbx.traces.isEmpty(), "the trace that got no spans is deleted");
    }

    @Test
    void aSignedUrlOutsideTheAllowedNetworkIsNeverCalled() {
        dbx.signedHost = "http://10.0.0.8";
        ExportOutcome o = exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("destination_forbidden", o.code());
        assertTrue(dbx.requests("put").isEmpty());
    }

    @Test
    void unreadableUploadCredentialsAreRetried() {
        dbx.faults.put("credentials", r -> Answer.json(200, "{\"credential_info\":{}}"));
        assertEquals("upload_credentials_unreadable", exporter.export(pat(), List.of(item("d1", Tasks.message("")))).get("d1").code());
    }

    @Test
    void aPoisonItemDiesAloneAndItsBatchMatesAreDelivered() {
        dbx.faults.put("create", r -> r.text().contains("weather_api") ? Answer.json(400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\"}") : null);
        Map<String, ExportOutcome> out = exporter.export(pat(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.moderation()), item("d", Tasks.datasetRetrieval())));
        assertEquals(ExportOutcome.delivered(), out.get("a"));
        assertEquals("http_400", out.get("b").code());
        assertEquals(ExportOutcome.delivered(), out.get("c"));
        assertEquals(ExportOutcome.delivered(), out.get("d"));
    }

    @Test
    void aRefusedDestinationOrABackoffStopsTheBatchWithoutMoreRequests() {
        dbx.faults.put("create", r -> Answer.json(403, "{\"error_code\":\"PERMISSION_DENIED\"}"));
        Map<String, ExportOutcome> out = exporter.export(pat(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.moderation())));
        assertEquals(1, dbx.server.requests().size());
        assertEquals(3, out.size());
        out.values().forEach(o -> assertEquals("http_403", o.code()));

        dbx.faults.put("create", r -> new Answer(429, "", Map.of("Retry-After", "12"), Duration.ZERO));
        out = exporter.export(pat(), List.of(item("a", Tasks.message("")), item("b", Tasks.tool(""))));
        assertEquals(2, dbx.server.requests().size());
        out.values().forEach(o -> assertEquals(Duration.ofSeconds(12), o.retryAfter()));
    }

    @Test
    void aResentItemRepeatsItsIdsAndBytes() {
        TaskEnvelope task = Tasks.workflow("failed", "boom");
        exporter.export(pat(), List.of(item("d1", task)));
        String firstUpload = dbx.uploads.get(traceId(task));
        exporter.export(pat(), List.of(item("d1", task)));
        List<FakeBackend.Request> creates = dbx.requests("create");
        assertArrayEquals(creates.get(0).body(), creates.get(1).body());
        assertEquals(firstUpload, dbx.uploads.get(traceId(task)));
        assertEquals("ERROR", info(task).getString("state"));
        JsonObject workflow = spans(task).get("workflow");
        assertEquals("STATUS_CODE_ERROR", workflow.getJsonObject("status").getString("code"));
        assertEquals("boom", workflow.getJsonObject("status").getString("message"));
    }

    ExportOutcome check(Destination d, Answer a) {
        dbx.faults.put("experiment", r -> a);
        return exporter.verify(d);
    }

    @Test
    void theCheckAsksForTheExperimentWithTheCredentials() throws Exception {
        assertEquals(ExportOutcome.delivered(), exporter.verify(oauth()));
        FakeBackend.Request r = dbx.requests("experiment").get(0);
        assertEquals("GET", r.method());
        assertEquals("/api/2.0/mlflow/experiments/get?experiment_id=42", r.target());
        assertEquals("Bearer oauth-1", r.headers().get("authorization"));
        assertEquals(ExportOutcome.delivered(), exporter.verify(pat()));
        assertEquals("Bearer dapi-123", dbx.requests("experiment").get(1).headers().get("authorization"));

        assertEquals("invalid_credentials", check(pat(), Answer.json(401, "{}")).code());
        assertEquals("invalid_credentials", check(pat(), Answer.json(403, "{\"error_code\":\"PERMISSION_DENIED\"}")).code());
        assertEquals("experiment_not_found", check(pat(), Answer.json(404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"No experiment\"}")).code());
        assertEquals("experiment_not_found", check(pat(), Answer.json(400, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\"}")).code());
        assertEquals("http_400", check(pat(), Answer.json(400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\"}")).code());
        assertEquals(ExportOutcome.Kind.RETRY, check(pat(), Answer.of(503, "")).kind());
        dbx.faults.clear();

        dbx.faults.put("token", q -> Answer.json(401, "{\"error\":\"invalid_client\"}"));
        Destination newSecret = new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", dbx.server.url(), "experiment_id", "42", "client_id", CLIENT, "client_secret", "wrong"));
        assertEquals("invalid_credentials", exporter.verify(newSecret).code());

        int before = dbx.server.requests().size();
        Destination none = new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", dbx.server.url(), "experiment_id", "42", "client_id", CLIENT));
        ExportOutcome missing = exporter.verify(none);
        assertEquals("missing_credentials", missing.code());
        assertEquals(before, dbx.server.requests().size(), "no request without credentials");
        assertEquals("destination_forbidden", exporter.verify(new Destination("databricks/app", "databricks", Tasks.APP,
                Map.of("host", "http://10.0.0.8", "experiment_id", "42", "personal_access_token", "dapi-1"))).code());
        assertTrue(dbx.traces.isEmpty(), "the check writes nothing");
    }

    @Test
    void theProjectUrlIsTheExperimentsTracesPage() {
        assertEquals("https://adb-1.azuredatabricks.net/ml/experiments/42/traces", exporter.projectUrl(new Destination("databricks/app",
                "databricks", Tasks.APP, Map.of("host", "https://adb-1.azuredatabricks.net/", "experiment_id", "42"))).orElseThrow());
        assertEquals("https://dbc-1.cloud.databricks.com/ml/experiments/7/traces", exporter.projectUrl(new Destination("databricks/app",
                "databricks", Tasks.APP, Map.of("host", "dbc-1.cloud.databricks.com", "experiment_id", "7"))).orElseThrow());
    }

    static List<Violation> violations(Map<String, String> config) {
        return DatabricksConfig.MODEL.apply(config).violations();
    }

    @Test
    void configRules() {
        ProviderModel.Result ok = DatabricksConfig.MODEL.apply(Map.of("experiment_id", " 42 ", "host", " adb-1.azuredatabricks.net ",
                "client_id", " sp ", "client_secret", "s"));
        assertTrue(ok.valid());
        assertEquals(Map.of("experiment_id", "42", "host", "https://adb-1.azuredatabricks.net", "client_id", "sp",
                "client_secret", "s", "personal_access_token", ""), ok.config());
        assertTrue(DatabricksConfig.MODEL.apply(Map.of("experiment_id", "1", "host", "https://h.example", "personal_access_token", "p")).valid());
        String missing = "Either Databricks token (personal_access_token) or client id and secret (client_id and client_secret) "
                + "must be provided";
        assertEquals(List.of(new Violation("tracing_config", missing)), violations(Map.of("experiment_id", "1", "host", "https://h.example")));
        assertEquals(List.of(new Violation("tracing_config", missing)),
                violations(Map.of("experiment_id", "1", "host", "https://h.example", "client_id", "sp")), "an id without its secret");
        assertEquals(List.of(new Violation("tracing_config", missing)),
                violations(Map.of("experiment_id", "1", "host", "https://h.example", "client_secret", "s")), "a secret without its id");
        assertEquals(List.of(new Violation("tracing_config.experiment_id", "ID must be a valid integer")),
                violations(Map.of("experiment_id", "exp-1", "host", "https://h.example", "personal_access_token", "p")));
        assertEquals(List.of(new Violation("tracing_config.experiment_id", "experiment_id is required"),
                        new Violation("tracing_config.host", "host is required")),
                violations(Map.of("personal_access_token", "p")));
        assertEquals(List.of(new Violation("tracing_config.host", "URL must start with https:// or http://")),
                violations(Map.of("experiment_id", "1", "host", "ftp://h.example", "personal_access_token", "p")));
        assertTrue(DatabricksConfig.MODEL.isSecret("client_secret"));
        assertTrue(DatabricksConfig.MODEL.isSecret("personal_access_token"));
        assertFalse(DatabricksConfig.MODEL.isSecret("client_id"));
        assertFalse(DatabricksConfig.MODEL.isSecret("host"));
    }
}
