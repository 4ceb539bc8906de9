package org.tracerelay.bench;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** The benchmark's tasks: Dify-shaped messages, and workflow runs with five nodes. */
final class Tasks {

    /** Looked up once: Json.createX looks the provider up on every call, and the client shares the server's cores. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A task and the span id the relay gives its root span. */
    record Task(JsonObject json, String rootSpanId) {
    }

    private Tasks() {
    }

    static Task message(String app) {
        String taskId = UUID.randomUUID().toString();
        JsonObject info = JSON.createObjectBuilder().add("message_id", UUID.randomUUID().toString())
                .add("conversation_model", "chat").add("message_tokens", 120).add("answer_tokens", 85).add("total_tokens", 205)
                .add("conversation_mode", "chat").add("inputs", JSON.createObjectBuilder().add("query", "What is the weather in Paris?"))
                .add("outputs", "It is sunny and 21 degrees in Paris today.").add("start_time", "2026-11-21T09:00:00+00:00")
                .add("end_time", "2026-11-21T09:00:02+00:00")
                .add("metadata", JSON.createObjectBuilder().add("ls_provider", "openai").add("ls_model_name", "gpt-4o")
                        .add("from_source", "api").add("user_id", "u-1")).build();
        return new Task(envelope(taskId, app, "MessageTraceInfo", info), spanId(taskId));
    }

    static Task workflow(String app) {
        String run = UUID.randomUUID().toString();
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        String[] types = {"start", "llm", "tool", "knowledge-retrieval", "end"};
        for (int i = 0; i < types.length; i++) {
            nodes.add(JSON.createObjectBuilder().add("workflow_id", "wf-1").add("workflow_run_id", run).add("tenant_id", "bench")
                    .add("node_execution_id", UUID.randomUUID().toString()).add("node_id", types[i] + "-" + i)
                    .add("node_type", types[i]).add("title", types[i]).add("status", "succeeded").add("elapsed_time", 0.2)
                    .add("index", i + 1).add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:00.200000+00:00"));
        }
        JsonObject info = JSON.createObjectBuilder().add("workflow_id", "wf-1").add("tenant_id", "bench").add("workflow_run_id", run)
                .add("workflow_run_elapsed_time", 1.0).add("workflow_run_status", "succeeded")
                .add("workflow_run_inputs", JSON.createObjectBuilder().add("query", "hello"))
                .add("workflow_run_outputs", JSON.createObjectBuilder().add("answer", "hi")).add("workflow_run_version", "1")
                .add("error", "").add("total_tokens", 42).add("file_list", JSON.createArrayBuilder()).add("query", "hello")
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:01+00:00")
                .add("metadata", JSON.createObjectBuilder().add("app_id", app).add("triggered_from", "app-run"))
                .add("node_executions", nodes).build();
        return new Task(envelope(UUID.randomUUID().toString(), app, "WorkflowTraceInfo", info), spanId(run));
    }

    private static JsonObject envelope(String taskId, String app, String type, JsonObject info) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("task_id", taskId).add("app_id", app).add("trace_info_type", type);
        return b.add("trace_info", info).build();
    }

    static String array(java.util.List<Task> tasks) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        tasks.forEach(t -> a.add(t.json()));
        return a.build().toString();
    }

    /** The relay's span id: the first 8 bytes of SHA-256 of the source id. */
    static String spanId(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
