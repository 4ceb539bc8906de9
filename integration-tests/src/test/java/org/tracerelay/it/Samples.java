package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Trace task envelopes shaped like a Dify worker's TaskData. */
final class Samples {

    private Samples() {
    }

    static JsonObject workflow(String appId, String runId, JsonObject parentContext, String... nodeExecIds) {
        JsonObjectBuilder meta = Json.createObjectBuilder().add("app_id", appId).add("triggered_from", "app-run")
                .add("user_id", "user-1");
        if (parentContext != null) {
            meta.add("parent_trace_context", parentContext);
        }
        JsonArrayBuilder nodes = Json.createArrayBuilder();
        String[] types = {"start", "llm", "end"};
        for (int i = 0; i < nodeExecIds.length; i++) {
            nodes.add(node(runId, nodeExecIds[i], types[Math.min(i, 2)], i + 1).build());
        }
        JsonObject info = Json.createObjectBuilder()
                .add("workflow_id", "wf-1").add("tenant_id", "t").add("workflow_run_id", runId)
                .add("workflow_run_elapsed_time", 1.5).add("workflow_run_status", "succeeded")
                .add("workflow_run_inputs", Json.createObjectBuilder().add("query", "hello"))
                .add("workflow_run_outputs", Json.createObjectBuilder().add("answer", "hi"))
                .add("workflow_run_version", "1").add("error", "").add("total_tokens", 42)
                .add("file_list", Json.createArrayBuilder()).add("query", "hello").add("invoked_by", "end_user:u1")
                .add("start_time", "2026-11-20T10:00:00+00:00").add("end_time", "2026-11-20T10:00:01.500000+00:00")
                .add("metadata", meta).add("node_executions", nodes).build();
        return envelope(appId, "WorkflowTraceInfo", info);
    }

    static JsonObjectBuilder node(String runId, String execId, String type, int index) {
        return Json.createObjectBuilder()
                .add("workflow_id", "wf-1").add("workflow_run_id", runId).add("tenant_id", "t")
                .add("node_execution_id", execId).add("node_id", type + "-node").add("node_type", type)
                .add("title", type.toUpperCase()).add("status", "succeeded").add("elapsed_time", 0.5)
                .add("index", index).add("start_time", "2026-11-20T10:00:00+00:00")
                .add("end_time", "2026-11-20T10:00:00.500000+00:00");
    }

    static JsonObject draftNode(String appId, String execId) {
        JsonObject info = node("", execId, "llm", 1).add("metadata", Json.createObjectBuilder().add("app_id", appId)).build();
        return envelope(appId, "DraftNodeExecutionTrace", info);
    }

    static JsonObject moderation(String appId, String query) {
        JsonObject info = Json.createObjectBuilder().add("metadata", Json.createObjectBuilder())
                .add("message_id", java.util.UUID.randomUUID().toString())
                .add("flagged", false).add("action", "direct_output").add("preset_response", "")
                .add("query", query).build();
        return envelope(appId, "ModerationTraceInfo", info);
    }

    static JsonObject envelope(String appId, String type, JsonObject info) {
        return Json.createObjectBuilder().add("app_id", appId).add("trace_info_type", type).add("trace_info", info).build();
    }

    static JsonObject withTaskId(JsonObject envelope, String taskId) {
        return Json.createObjectBuilder(envelope).add("task_id", taskId).build();
    }

    static String array(JsonObject... envelopes) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (JsonObject e : envelopes) {
            a.add(e);
        }
        return a.build().toString();
    }
}
