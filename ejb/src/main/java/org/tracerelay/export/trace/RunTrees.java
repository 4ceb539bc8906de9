package org.tracerelay.export.trace;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;

/**
 * Builds the provider-neutral runs of a task the way Dify's provider integrations shape them:
 * a workflow that answered a message sits under a "message" root; nodes under their workflow;
 * tool, moderation, suggested-question and retrieval runs under their message; a nested workflow
 * under the tool node that called it. App and feedback events are not traces (empty).
 */
public final class RunTrees {

    private RunTrees() {
    }

    public static RunTree of(TaskEnvelope task, Instant receivedAt) {
        return switch (task.type()) {
            case WorkflowTraceInfo -> WorkflowRuns.workflow(task, receivedAt);
            case WorkflowNodeTraceInfo -> WorkflowRuns.standaloneNode(task, receivedAt);
            case DraftNodeExecutionTrace -> WorkflowRuns.draftNode(task, receivedAt);
            case MessageTraceInfo -> message(task, receivedAt);
            case ModerationTraceInfo, SuggestedQuestionTraceInfo, DatasetRetrievalTraceInfo, ToolTraceInfo ->
                    aroundMessage(task, receivedAt);
            case GenerateNameTraceInfo -> generateName(task, receivedAt);
            case PromptGenerationTraceInfo -> promptGeneration(task, receivedAt);
            case AppLifecycleEvent, FeedbackEvent -> RunTree.empty(task.taskId());
        };
    }

    private static RunTree message(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = metadata(info);
        String messageId = Fields.first(Fields.text(info, "message_id"), task.taskId());
        Instant start = start(info, receivedAt);
        Instant end = end(info, start);
        String mode = Fields.first(Fields.text(info, "conversation_mode"), Fields.text(info, "conversation_model"));
        String error = nonEmpty(Fields.text(info, "error"));
        JsonValue inputs = value(info, "inputs");
        JsonValue outputs = value(info, "outputs");
        List<String> tags = mode == null ? List.of("message") : List.of("message", mode);
        Run root = new Run(messageId, null, "message", "message", null, start, end, inputs, outputs, meta, error,
                null, null, null, tags);
        // A chatflow's message was answered by its workflow, whose LLM nodes carry these very tokens: counted on
        // the message's llm run too, every backend that adds a trace's calls up would count the turn twice.
        Usage usage = answeredByWorkflow(meta, mode) ? null : Usage.tokens(Fields.integer(info, "message_tokens"),
                Fields.integer(info, "answer_tokens"), Fields.integer(info, "total_tokens"), Fields.number(info, "total_price"));
        Run llm = new Run(derivedId("llm", messageId), messageId, "llm", "llm", null, start, end, inputs, outputs,
                meta, error, Fields.text(meta, "ls_model_name"), Fields.text(meta, "ls_provider"), usage,
                mode == null ? List.of("llm") : List.of("llm", mode));
        return new RunTree(traceId(info, messageId), true, "message", userId(meta),
                Fields.first(Fields.text(meta, "conversation_id"), Fields.text(info, "conversation_id")),
                inputs, outputs, meta, tags, List.of(root, llm));
    }

    /** A message of a chatflow: Dify names the workflow run that answered it, and the mode is advanced-chat. */
    static boolean answeredByWorkflow(JsonObject meta, String mode) {
        return nonEmpty(Fields.text(meta, "workflow_run_id")) != null || "advanced-chat".equals(mode);
    }

    private static RunTree aroundMessage(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = metadata(info);
        String messageId = Fields.text(info, "message_id");
        Instant start = start(info, receivedAt);
        Instant end = end(info, start);
        String error = nonEmpty(Fields.text(info, "error"));
        Run run = switch (task.type()) {
            case ModerationTraceInfo -> new Run(task.taskId(), messageId, "moderation", "moderation", null, start, end,
                    Fields.first(Fields.json(info, "inputs"), null) == null ? value(info, "query") : value(info, "inputs"),
                    Jsonp.createObjectBuilder().add("action", value(info, "action")).add("flagged", value(info, "flagged"))
                            .add("preset_response", value(info, "preset_response")).add("inputs", value(info, "inputs")).build(),
                    meta, error, null, null, null, List.of("moderation"));
            case SuggestedQuestionTraceInfo -> new Run(task.taskId(), messageId, "suggested_question", "suggested_question",
                    null, start, end, value(info, "inputs"), value(info, "suggested_question"), meta,
                    Fields.first(error, nonEmpty(Fields.text(info, "status_message"))), Fields.text(info, "model_id"),
                    Fields.text(info, "model_provider"), null, List.of("suggested_question"));
            case DatasetRetrievalTraceInfo -> new Run(task.taskId(), messageId, "dataset_retrieval", "dataset_retrieval",
                    null, start, end, value(info, "inputs"),
                    Jsonp.createObjectBuilder().add("documents", value(info, "documents")).build(), meta, error,
                    null, null, null, List.of("dataset_retrieval"));
            default -> new Run(task.taskId(), messageId, Fields.first(Fields.text(info, "tool_name"), "tool"), "tool", null,
                    start, toolEnd(info, start, end), value(info, "tool_inputs"), value(info, "tool_outputs"),
                    with(meta, "tool_config", value(info, "tool_config"), "tool_parameters", value(info, "tool_parameters")),
                    error, null, null, null, List.of("tool", Fields.first(Fields.text(info, "tool_name"), "tool")));
        };
        String traceId = traceId(info, Fields.first(messageId, task.taskId()));
        boolean attached = messageId != null;
        Run placed = attached ? run : new Run(run.id(), null, run.name(), run.type(), run.nodeType(), run.start(), run.end(),
                run.inputs(), run.outputs(), run.metadata(), run.error(), run.model(), run.modelProvider(), run.usage(), run.tags());
        return new RunTree(traceId, !attached, placed.name(), userId(meta), null, placed.inputs(), placed.outputs(), meta,
                placed.tags(), List.of(placed));
    }

    private static RunTree generateName(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = metadata(info);
        String conversation = Fields.first(Fields.text(info, "conversation_id"), Fields.text(meta, "conversation_id"));
        Instant start = start(info, receivedAt);
        Run run = new Run(task.taskId(), null, "generate_conversation_name", "generate_name", null, start, end(info, start),
                value(info, "inputs"), value(info, "outputs"), meta, nonEmpty(Fields.text(info, "error")), null, null, null,
                List.of("generate_name"));
        String tenant = Fields.first(Fields.text(info, "tenant_id"), task.tenantId());
        return new RunTree(Fields.first(conversation, task.taskId()), true, run.name(), tenant, conversation,
                run.inputs(), run.outputs(), meta, run.tags(), List.of(run));
    }

    private static RunTree promptGeneration(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = metadata(info);
        Instant start = start(info, receivedAt);
        Double latency = Fields.number(info, "latency");
        Instant end = Fields.time(info, "end_time") != null ? end(info, start)
                : latency == null ? start : start.plus(Duration.ofNanos((long) (latency * 1e9)));
        String operation = Fields.first(Fields.text(info, "operation_type"), "prompt_generation");
        JsonValue output = Fields.json(info, "outputs") != null ? value(info, "outputs") : value(info, "generated_output");
        Run run = new Run(task.taskId(), null, operation, "prompt_generation", null, start, end, value(info, "instruction"),
                output, meta, nonEmpty(Fields.text(info, "error")), Fields.text(info, "model_name"),
                Fields.text(info, "model_provider"), Usage.tokens(Fields.integer(info, "prompt_tokens"),
                Fields.integer(info, "completion_tokens"), Fields.integer(info, "total_tokens"), Fields.number(info, "total_price")),
                List.of("prompt_generation", operation));
        return new RunTree(traceId(info, task.taskId()), true, operation, Fields.text(info, "user_id"), null,
                run.inputs(), run.outputs(), meta, run.tags(), List.of(run));
    }

    // --- shared helpers (also used by WorkflowRuns)

    /** Dify's resolved trace id: a valid external trace id wins. */
    static String traceId(JsonObject info, String fallback) {
        String external = Fields.text(info, "trace_id");
        return RequestContext.isValidTraceId(external) ? external : fallback;
    }

    static JsonObject metadata(JsonObject info) {
        JsonObject meta = Fields.object(info, "metadata");
        return meta == null ? JsonValue.EMPTY_JSON_OBJECT : meta;
    }

    /** Dify's user resolution order (dify-ops-core §1.14), without the prefixes. */
    static String userId(JsonObject meta) {
        return Fields.first(Fields.text(meta, "from_end_user_id"), Fields.text(meta, "from_account_id"),
                Fields.text(meta, "user_id"));
    }

    static JsonValue value(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v == null ? JsonValue.NULL : v;
    }

    static Instant start(JsonObject info, Instant fallback) {
        Instant t = Fields.time(info, "start_time");
        return t != null ? t : fallback;
    }

    static Instant end(JsonObject info, Instant start) {
        Instant t = Fields.time(info, "end_time");
        return t != null && !t.isBefore(start) ? t : start;
    }

    private static Instant toolEnd(JsonObject info, Instant start, Instant end) {
        Double cost = Fields.number(info, "time_cost");
        return Fields.time(info, "end_time") == null && cost != null ? start.plus(Duration.ofNanos((long) (cost * 1e9))) : end;
    }

    static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static JsonObject with(JsonObject base, Object... keysAndValues) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v instanceof JsonValue jv) {
                b.add((String) keysAndValues[i], jv);
            } else if (v != null) {
                b.add((String) keysAndValues[i], String.valueOf(v));
            }
        }
        return b.build();
    }

    /** A stable UUID for a run Dify has no id for (the LLM call under a message). */
    public static String derivedId(String kind, String id) {
        return UUID.nameUUIDFromBytes((kind + ":" + id).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static List<Run> list(Run... runs) {
        return new ArrayList<>(List.of(runs));
    }
}
