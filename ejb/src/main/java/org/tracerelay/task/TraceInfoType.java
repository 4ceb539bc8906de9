package org.tracerelay.task;

import static org.tracerelay.task.FieldKind.*;
import static org.tracerelay.task.FieldRule.opt;
import static org.tracerelay.task.FieldRule.req;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The twelve envelope types with the field rules of Dify's payload models (dify-ops-core §1)
 * and of the two event envelopes of the contract. {@code taskName} is Dify's TraceTaskName value,
 * which backends show as the span or run name.
 */
public enum TraceInfoType {
    WorkflowTraceInfo("workflow", true,
            opt("workflow_data", ANY), opt("conversation_id", STRING), opt("workflow_app_log_id", STRING),
            req("workflow_id", STRING), req("tenant_id", STRING), req("workflow_run_id", STRING),
            req("workflow_run_elapsed_time", NUMBER), req("workflow_run_status", STRING),
            req("workflow_run_inputs", OBJECT), req("workflow_run_outputs", OBJECT),
            req("workflow_run_version", STRING), opt("error", STRING), req("total_tokens", INTEGER),
            opt("prompt_tokens", INTEGER), opt("completion_tokens", INTEGER), req("file_list", STRING_LIST),
            req("query", STRING), opt("invoked_by", STRING), opt("node_executions", ARRAY)),
    WorkflowNodeTraceInfo("node_execution", true, nodeRules()),
    DraftNodeExecutionTrace("draft_node_execution", true, nodeRules()),
    MessageTraceInfo("message", true,
            req("conversation_model", STRING), req("message_tokens", INTEGER), req("answer_tokens", INTEGER),
            req("total_tokens", INTEGER), opt("error", STRING), opt("file_list", ANY),
            opt("message_file_data", ANY), req("conversation_mode", STRING),
            opt("gen_ai_server_time_to_first_token", NUMBER), opt("llm_streaming_time_to_generate", NUMBER),
            opt("is_streaming_request", BOOLEAN)),
    ModerationTraceInfo("moderation", true,
            req("flagged", BOOLEAN), req("action", STRING), req("preset_response", STRING), req("query", STRING)),
    SuggestedQuestionTraceInfo("suggested_question", true,
            req("total_tokens", INTEGER), opt("status", STRING), opt("error", STRING),
            opt("from_account_id", STRING), opt("agent_based", BOOLEAN), opt("from_source", STRING),
            opt("model_provider", STRING), opt("model_id", STRING), req("suggested_question", STRING_LIST),
            req("level", STRING), opt("status_message", STRING), opt("workflow_run_id", STRING)),
    DatasetRetrievalTraceInfo("dataset_retrieval", true,
            opt("documents", ANY), opt("error", STRING)),
    ToolTraceInfo("tool", true,
            req("tool_name", STRING), req("tool_inputs", OBJECT), req("tool_outputs", CONTENT),
            opt("message_file_data", ANY), opt("error", STRING), req("tool_config", OBJECT),
            req("time_cost", NUMBER), req("tool_parameters", OBJECT), opt("file_url", ANY)),
    GenerateNameTraceInfo("generate_conversation_name", true,
            opt("conversation_id", STRING), req("tenant_id", STRING)),
    PromptGenerationTraceInfo("prompt_generation", true,
            req("tenant_id", STRING), req("user_id", STRING), opt("app_id", STRING),
            req("operation_type", STRING), req("instruction", STRING), req("prompt_tokens", INTEGER),
            req("completion_tokens", INTEGER), req("total_tokens", INTEGER), req("model_provider", STRING),
            req("model_name", STRING), req("latency", NUMBER), opt("total_price", NUMBER),
            opt("currency", STRING), opt("error", STRING)),
    AppLifecycleEvent("app_lifecycle", false,
            req("tenant_id", STRING), req("app_id", STRING), req("action", STRING), opt("mode", STRING),
            req("timestamp", DATETIME)),
    FeedbackEvent("feedback", false,
            req("tenant_id", STRING), req("app_id", STRING), req("message_id", STRING),
            opt("rating", STRING), opt("content", STRING), req("created_at", DATETIME));

    /** Fields every Dify payload inherits from BaseTraceInfo (a holder: enum constructors cannot read statics). */
    private static final class Base {
        static final List<FieldRule> RULES = List.of(
            opt("message_id", STRING), opt("message_data", ANY), opt("inputs", CONTENT), opt("outputs", CONTENT),
            opt("start_time", DATETIME), opt("end_time", DATETIME), req("metadata", OBJECT),
            opt("trace_id", STRING));
    }

    private final String taskName;
    private final List<FieldRule> rules;

    TraceInfoType(String taskName, boolean difyPayload, FieldRule... own) {
        this.taskName = taskName;
        List<FieldRule> all = new ArrayList<>(difyPayload ? Base.RULES : List.of());
        all.addAll(Arrays.asList(own));
        this.rules = List.copyOf(all);
    }

    static FieldRule[] nodeRules() {
        return new FieldRule[] {
            req("workflow_id", STRING), req("workflow_run_id", STRING), req("tenant_id", STRING),
            req("node_execution_id", STRING), req("node_id", STRING), req("node_type", STRING),
            req("title", STRING), req("status", STRING), opt("error", STRING), req("elapsed_time", NUMBER),
            req("index", INTEGER), opt("predecessor_node_id", STRING), opt("total_tokens", INTEGER),
            opt("total_price", NUMBER), opt("currency", STRING), opt("model_provider", STRING),
            opt("model_name", STRING), opt("prompt_tokens", INTEGER), opt("completion_tokens", INTEGER),
            opt("tool_name", STRING), opt("iteration_id", STRING), opt("iteration_index", INTEGER),
            opt("loop_id", STRING), opt("loop_index", INTEGER), opt("parallel_id", STRING),
            opt("node_inputs", OBJECT), opt("node_outputs", OBJECT), opt("process_data", OBJECT),
            opt("invoked_by", STRING)
        };
    }

    public String taskName() {
        return taskName;
    }

    List<FieldRule> rules() {
        return rules;
    }

    public static Optional<TraceInfoType> named(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    // Looked up for every task read (intake and drain): a map, not a stream over a copy of values().
    private static final Map<String, TraceInfoType> BY_NAME = Arrays.stream(values())
            .collect(java.util.stream.Collectors.toUnmodifiableMap(Enum::name, t -> t));
}
