package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** One task of every type for one app, as a Dify worker would send them. */
final class EnterpriseSamples {

    final String app;
    final String tenant;
    final String run = UUID.randomUUID().toString();
    final String message = UUID.randomUUID().toString();
    final String conversation = UUID.randomUUID().toString();
    final String llmNode = UUID.randomUUID().toString();
    final String toolNode = UUID.randomUUID().toString();
    final String knowledgeNode = UUID.randomUUID().toString();
    final String draftNode = UUID.randomUUID().toString();

    EnterpriseSamples(String tenant, String app) {
        this.tenant = tenant;
        this.app = app;
    }

    /** The chatflow run with its tool node failed ("boom"). */
    JsonObject workflowWithFailedTool() {
        JsonObject w = workflow();
        JsonObject info = w.getJsonObject("trace_info");
        var nodes = Json.createArrayBuilder();
        info.getJsonArray("node_executions").getValuesAs(JsonObject.class).forEach(n -> nodes.add(
                "tool".equals(n.getString("node_type")) ? Json.createObjectBuilder(n).add("status", "failed").add("error", "boom").build() : n));
        return Samples.envelope(app, "WorkflowTraceInfo", Json.createObjectBuilder(info).add("node_executions", nodes).build());
    }

    /** A message and the tool call and retrieval around it (a chat app, not a chatflow). */
    List<JsonObject> messageWithToolAndRetrieval() {
        List<JsonObject> all = everyType();
        return List.of(all.get(2), all.get(3), all.get(6));
    }

    /** A chat app's turn: its message names no workflow run (only a chatflow's does), so it carries the turn's tokens. */
    List<JsonObject> chatAppTurn() {
        List<JsonObject> all = everyType();
        return List.of(withoutWorkflowRun(all.get(2)), all.get(3), all.get(6));
    }

    private static JsonObject withoutWorkflowRun(JsonObject envelope) {
        JsonObject info = envelope.getJsonObject("trace_info");
        JsonObject meta = Json.createObjectBuilder(info.getJsonObject("metadata")).remove("workflow_run_id").build();
        return Json.createObjectBuilder(envelope).add("trace_info", Json.createObjectBuilder(info).add("metadata", meta)).build();
    }

    private JsonObjectBuilder node(String execId, String type, int index, String runId) {
        JsonObjectBuilder meta = Json.createObjectBuilder().add("app_id", app).add("user_id", "u-1");
        if (!type.equals("llm")) {
            meta.add("plugin_name", type.equals("tool") ? "weather" : "kb");
        }
        JsonObjectBuilder n = Json.createObjectBuilder().add("workflow_id", "wf-1").add("workflow_run_id", runId)
                .add("tenant_id", tenant).add("node_execution_id", execId).add("node_id", type + "-" + index)
                .add("node_type", type).add("title", type).add("status", "succeeded").add("elapsed_time", 0.5)
                .add("index", index).add("node_inputs", Json.createObjectBuilder().add("q", "weather?"))
                .add("node_outputs", Json.createObjectBuilder().add("a", "sunny"))
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:00.500000+00:00")
                .add("metadata", meta);
        if (type.equals("llm")) {
            n.add("model_provider", "openai").add("model_name", "gpt-4").add("prompt_tokens", 120)
                    .add("completion_tokens", 85).add("total_tokens", 205).add("total_price", 0.01).add("currency", "USD");
        }
        return n;
    }

    JsonObject workflow() {
        JsonObject info = Json.createObjectBuilder().add("workflow_id", "wf-1").add("tenant_id", tenant)
                .add("workflow_run_id", run).add("workflow_run_elapsed_time", 3.5).add("workflow_run_status", "succeeded")
                .add("workflow_run_inputs", Json.createObjectBuilder().add("query", "What is the weather?"))
                .add("workflow_run_outputs", Json.createObjectBuilder().add("answer", "sunny"))
                .add("workflow_run_version", "v1").add("error", "").add("total_tokens", 205).add("prompt_tokens", 120)
                .add("completion_tokens", 85).add("file_list", Json.createArrayBuilder()).add("query", "What is the weather?")
                .add("conversation_id", conversation).add("message_id", message).add("invoked_by", "end_user:u-1")
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:03.500000+00:00")
                .add("metadata", Json.createObjectBuilder().add("app_id", app).add("triggered_from", "app-run").add("user_id", "u-1"))
                .add("node_executions", Json.createArrayBuilder().add(node(llmNode, "llm", 1, run))
                        .add(node(toolNode, "tool", 2, run)).add(node(knowledgeNode, "knowledge-retrieval", 3, run)))
                .build();
        return Samples.envelope(app, "WorkflowTraceInfo", info);
    }

    private JsonObjectBuilder aroundMessage() {
        return Json.createObjectBuilder().add("message_id", message)
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:02+00:00");
    }

    JsonObject message() {
        return Samples.envelope(app, "MessageTraceInfo", aroundMessage().add("conversation_model", "chat")
                .add("message_tokens", 120).add("answer_tokens", 85).add("total_tokens", 205).add("error", "")
                .add("conversation_mode", "chat").add("gen_ai_server_time_to_first_token", 0.3)
                .add("inputs", Json.createObjectBuilder().add("query", "What is the weather?")).add("outputs", "sunny")
                .add("metadata", Json.createObjectBuilder().add("conversation_id", conversation).add("ls_provider", "openai")
                        .add("ls_model_name", "gpt-4").add("from_source", "api").add("user_id", "u-1")
                        .add("workflow_run_id", run))
                .build());
    }

    List<JsonObject> everyType() {
        List<JsonObject> all = new ArrayList<>();
        all.add(workflow());
        all.add(Samples.envelope(app, "DraftNodeExecutionTrace", node(draftNode, "llm", 1, "").build()));
        all.add(message());
        all.add(Samples.envelope(app, "ToolTraceInfo", aroundMessage().add("tool_name", "weather_api")
                .add("tool_inputs", Json.createObjectBuilder().add("location", "SF")).add("tool_outputs", "72F")
                .add("tool_config", Json.createObjectBuilder()).add("time_cost", 0.85)
                .add("tool_parameters", Json.createObjectBuilder()).add("metadata", Json.createObjectBuilder()).build()));
        all.add(Samples.envelope(app, "ModerationTraceInfo", aroundMessage().add("flagged", false).add("action", "pass")
                .add("preset_response", "").add("query", "What is the weather?").add("metadata", Json.createObjectBuilder()).build()));
        all.add(Samples.envelope(app, "SuggestedQuestionTraceInfo", aroundMessage().add("total_tokens", 30).add("level", "normal")
                .add("suggested_question", Json.createArrayBuilder().add("And tomorrow?"))
                .add("metadata", Json.createObjectBuilder()).build()));
        all.add(Samples.envelope(app, "DatasetRetrievalTraceInfo", aroundMessage().add("inputs", "installation guide")
                .add("documents", Json.createArrayBuilder().add(Json.createObjectBuilder().add("page_content", "x")
                        .add("metadata", Json.createObjectBuilder().add("dataset_id", "ds-1").add("dataset_name", "Docs")
                                .add("document_id", "doc-1").add("doc_id", "seg-1").add("score", 0.9))))
                .add("metadata", Json.createObjectBuilder()).build()));
        all.add(Samples.envelope(app, "GenerateNameTraceInfo", Json.createObjectBuilder().add("conversation_id", conversation)
                .add("tenant_id", tenant).add("inputs", "What is the weather?").add("outputs", "Weather")
                .add("metadata", Json.createObjectBuilder()).build()));
        all.add(Samples.envelope(app, "PromptGenerationTraceInfo", Json.createObjectBuilder().add("tenant_id", tenant)
                .add("user_id", "u-1").add("app_id", app).add("operation_type", "rule_generate").add("instruction", "rules")
                .add("prompt_tokens", 50).add("completion_tokens", 30).add("total_tokens", 80).add("model_provider", "openai")
                .add("model_name", "gpt-4").add("latency", 1.1).add("metadata", Json.createObjectBuilder()).build()));
        for (String action : List.of("created", "updated", "deleted")) {
            JsonObjectBuilder info = Json.createObjectBuilder().add("tenant_id", tenant).add("app_id", app).add("action", action)
                    .add("timestamp", "2026-11-21T09:00:00Z");
            if (action.equals("created")) {
                info.add("mode", "workflow");
            }
            all.add(Samples.envelope(app, "AppLifecycleEvent", info.build()));
        }
        all.add(feedback());
        return all;
    }

    JsonObject feedback() {
        return Samples.envelope(app, "FeedbackEvent", Json.createObjectBuilder().add("tenant_id", tenant).add("app_id", app)
                .add("message_id", message).add("rating", "like").add("content", "Very helpful!")
                .add("created_at", "2026-11-21T09:01:00Z").build());
    }
}
