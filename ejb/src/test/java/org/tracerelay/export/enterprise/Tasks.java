package org.tracerelay.export.enterprise;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.TaskEnvelope;

/** Valid envelopes of every type, as Dify builds them, for projection tests. */
public final class Tasks {

    public static final String TENANT = "550e8400-e29b-41d4-a716-446655440000";
    public static final String APP = "770e8400-e29b-41d4-a716-446655440002";
    public static final String RUN = "8e2d4c6a-1b3f-4d5e-9a7c-2b4d6f8a0c1e";
    public static final String MESSAGE = "880e8400-e29b-41d4-a716-446655440003";
    public static final String CONVERSATION = "990e8400-e29b-41d4-a716-446655440004";
    public static final String LLM_NODE = "a1b2c3d4-0001-4000-8000-000000000001";
    public static final String TOOL_NODE = "a1b2c3d4-0002-4000-8000-000000000002";
    public static final String KNOWLEDGE_NODE = "a1b2c3d4-0003-4000-8000-000000000003";
    public static final String DATASET = "aa0e8400-e29b-41d4-a716-446655440005";
    public static final String NESTED_RUN = "11111111-2222-4333-8444-555555555555";
    public static final String NESTED_LLM_NODE = "11111111-2222-4333-8444-666666666666";
    public static final String NESTED_TOOL_NODE = "11111111-2222-4333-8444-777777777777";

    private Tasks() {
    }

    public static String taskId(String type) {
        return java.util.UUID.nameUUIDFromBytes(type.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    public static TaskEnvelope envelope(String type, JsonObject info) {
        EnvelopeValidator.Result r = new EnvelopeValidator().validate(Json.createObjectBuilder().add("task_id", taskId(type))
                .add("app_id", APP).add("trace_info_type", type).add("trace_info", info).build(), "item");
        if (!r.valid()) {
            throw new IllegalArgumentException(r.violations().toString());
        }
        return r.envelope().withTenant(TENANT);
    }

    public static JsonObjectBuilder node(String execId, String nodeType, int index) {
        JsonObjectBuilder meta = Json.createObjectBuilder().add("app_id", APP).add("user_id", "u-1");
        if (nodeType.equals("tool")) {
            meta.add("plugin_name", "weather").add("plugin_id", "langgenius/weather");
        }
        if (nodeType.equals("knowledge-retrieval")) {
            meta.add("plugin_name", "kb").add("dataset_ids", Json.createArrayBuilder().add(DATASET))
                    .add("dataset_names", Json.createArrayBuilder().add("Product Documentation"));
        }
        JsonObjectBuilder n = Json.createObjectBuilder().add("workflow_id", "wf-1").add("workflow_run_id", RUN)
                .add("tenant_id", TENANT).add("node_execution_id", execId).add("node_id", "node-" + index)
                .add("node_type", nodeType).add("title", nodeType.toUpperCase()).add("status", "succeeded")
                .add("elapsed_time", 0.5 * index).add("index", index).add("predecessor_node_id", "start")
                .add("node_inputs", Json.createObjectBuilder().add("q", "weather?"))
                .add("node_outputs", Json.createObjectBuilder().add("a", "sunny"))
                .add("start_time", "2026-11-21T09:00:0" + index + "+00:00").add("end_time", "2026-11-21T09:00:0" + (index + 1) + "+00:00")
                .add("metadata", meta);
        if (nodeType.equals("llm")) {
            n.add("model_provider", "openai").add("model_name", "gpt-4").add("prompt_tokens", 120).add("completion_tokens", 85)
                    .add("total_tokens", 205).add("total_price", 0.0123).add("currency", "USD")
                    .add("process_data", Json.createObjectBuilder().add("prompts", "..."));
        }
        return n;
    }

    public static TaskEnvelope workflow(String status, String error) {
        JsonObject info = Json.createObjectBuilder().add("workflow_id", "wf-1").add("tenant_id", TENANT)
                .add("workflow_run_id", RUN).add("workflow_run_elapsed_time", 3.5).add("workflow_run_status", status)
                .add("workflow_run_inputs", Json.createObjectBuilder().add("query", "What is the weather?"))
                .add("workflow_run_outputs", Json.createObjectBuilder().add("answer", "sunny"))
                .add("workflow_run_version", "2026-11-01").add("error", error).add("total_tokens", 205)
                .add("prompt_tokens", 120).add("completion_tokens", 85).add("file_list", Json.createArrayBuilder())
                .add("query", "What is the weather?").add("conversation_id", CONVERSATION).add("message_id", MESSAGE)
                .add("invoked_by", "end_user:u-1")
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:04+00:00")
                .add("metadata", Json.createObjectBuilder().add("app_id", APP).add("triggered_from", "app-run").add("user_id", "u-1"))
                .add("node_executions", Json.createArrayBuilder().add(node(LLM_NODE, "llm", 1))
                        .add(node(TOOL_NODE, "tool", 2)).add(node(KNOWLEDGE_NODE, "knowledge-retrieval", 3)))
                .build();
        return envelope("WorkflowTraceInfo", info);
    }

    /**
     * The run that the outer run's tool node called: its metadata carries parent_trace_context,
     * its nodes carry metadata of their own (app, user, plugin), as Dify sends them.
     */
    public static TaskEnvelope nestedWorkflow() {
        JsonObjectBuilder ctx = Json.createObjectBuilder().add("parent_workflow_run_id", RUN)
                .add("parent_node_execution_id", TOOL_NODE).add("trace_id", RUN).add("parent_app_id", APP);
        JsonObject info = Json.createObjectBuilder(workflow("succeeded", "").traceInfo()).add("workflow_run_id", NESTED_RUN)
                .add("metadata", Json.createObjectBuilder().add("app_id", APP).add("triggered_from", "app-run")
                        .add("user_id", "u-1").add("parent_trace_context", ctx))
                .add("node_executions", Json.createArrayBuilder()
                        .add(node(NESTED_LLM_NODE, "llm", 1).add("workflow_run_id", NESTED_RUN))
                        .add(node(NESTED_TOOL_NODE, "tool", 2).add("workflow_run_id", NESTED_RUN)))
                .build();
        return envelope("WorkflowTraceInfo", info);
    }

    public static TaskEnvelope draftNode() {
        return envelope("DraftNodeExecutionTrace", node(LLM_NODE, "llm", 1).build());
    }

    public static JsonObjectBuilder messageScoped() {
        return Json.createObjectBuilder().add("message_id", MESSAGE)
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:02.45+00:00");
    }

    public static TaskEnvelope message(String error) {
        return envelope("MessageTraceInfo", messageScoped().add("conversation_model", "chat").add("message_tokens", 120)
                .add("answer_tokens", 85).add("total_tokens", 205).add("error", error).add("conversation_mode", "chat")
                .add("gen_ai_server_time_to_first_token", 0.32).add("is_streaming_request", true)
                .add("inputs", Json.createObjectBuilder().add("query", "What is the weather?")).add("outputs", "The weather is sunny.")
                .add("metadata", Json.createObjectBuilder().add("conversation_id", CONVERSATION).add("ls_provider", "openai")
                        .add("ls_model_name", "gpt-4").add("status", "normal").add("from_source", "web-app")
                        .add("tenant_id", TENANT).add("app_id", APP).add("user_id", "u-1"))
                .build());
    }

    public static TaskEnvelope tool(String error) {
        return envelope("ToolTraceInfo", messageScoped().add("tool_name", "weather_api")
                .add("tool_inputs", Json.createObjectBuilder().add("location", "San Francisco"))
                .add("tool_outputs", "{\"temperature\": 72}").add("tool_config", Json.createObjectBuilder().add("timeout", 30))
                .add("time_cost", 0.85).add("tool_parameters", Json.createObjectBuilder().add("api_key", "***"))
                .add("error", error).add("metadata", Json.createObjectBuilder().add("message_id", MESSAGE)).build());
    }

    public static TaskEnvelope moderation() {
        return envelope("ModerationTraceInfo", messageScoped().add("flagged", false).add("action", "pass")
                .add("preset_response", "").add("query", "What is the weather?")
                .add("metadata", Json.createObjectBuilder().add("message_id", MESSAGE)).build());
    }

    public static TaskEnvelope suggestedQuestion() {
        return envelope("SuggestedQuestionTraceInfo", messageScoped().add("total_tokens", 30).add("level", "normal")
                .add("suggested_question", Json.createArrayBuilder().add("What about tomorrow?").add("Is it raining?"))
                .add("metadata", Json.createObjectBuilder().add("message_id", MESSAGE)).build());
    }

    public static TaskEnvelope datasetRetrieval() {
        var doc = Json.createObjectBuilder().add("page_content", "install it")
                .add("metadata", Json.createObjectBuilder().add("dataset_id", DATASET).add("dataset_name", "Product Documentation")
                        .add("document_id", "doc1").add("doc_id", "seg1").add("score", 0.95)).build();
        return envelope("DatasetRetrievalTraceInfo", messageScoped().add("inputs", "installation guide")
                .add("documents", Json.createArrayBuilder().add(doc).add(doc))
                .add("metadata", Json.createObjectBuilder().add("message_id", MESSAGE)).build());
    }

    public static TaskEnvelope generateName() {
        return envelope("GenerateNameTraceInfo", Json.createObjectBuilder().add("conversation_id", CONVERSATION)
                .add("tenant_id", TENANT).add("inputs", Json.createObjectBuilder().add("first_message", "What is the weather?"))
                .add("outputs", "Weather Inquiry").add("start_time", "2026-11-21T09:00:00+00:00")
                .add("end_time", "2026-11-21T09:00:00.75+00:00")
                .add("metadata", Json.createObjectBuilder().add("conversation_id", CONVERSATION).add("tenant_id", TENANT)).build());
    }

    public static TaskEnvelope promptGeneration(String error) {
        return envelope("PromptGenerationTraceInfo", Json.createObjectBuilder().add("tenant_id", TENANT).add("user_id", "u-1")
                .add("app_id", APP).add("operation_type", "rule_generate").add("instruction", "Generate validation rules")
                .add("prompt_tokens", 50).add("completion_tokens", 30).add("total_tokens", 80).add("model_provider", "openai")
                .add("model_name", "gpt-4").add("latency", 1.1).add("error", error)
                .add("outputs", "{\"rules\": [\"check_length\"]}")
                .add("metadata", Json.createObjectBuilder().add("tenant_id", TENANT)).build());
    }

    public static TaskEnvelope appEvent(String action) {
        JsonObjectBuilder info = Json.createObjectBuilder().add("tenant_id", TENANT).add("app_id", APP).add("action", action)
                .add("timestamp", "2026-02-10T19:30:00Z");
        if (action.equals("created")) {
            info.add("mode", "workflow");
        }
        return envelope("AppLifecycleEvent", info.build());
    }

    public static TaskEnvelope feedback() {
        return envelope("FeedbackEvent", Json.createObjectBuilder().add("tenant_id", TENANT).add("app_id", APP)
                .add("message_id", MESSAGE).add("rating", "like").add("content", "Very helpful response!")
                .add("created_at", "2026-02-10T19:45:00Z").build());
    }
}
