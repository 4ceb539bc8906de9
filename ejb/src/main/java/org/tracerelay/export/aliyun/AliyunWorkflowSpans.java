package org.tracerelay.export.aliyun;

import static org.tracerelay.export.aliyun.AliyunSpans.value;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/**
 * A workflow run as Aliyun shows it: a {@code workflow} span (CHAIN) in the trace of the run id,
 * under a {@code message} span when the run answered a chat message, and one span per node
 * named by its title (LLM, RETRIEVER, TOOL, or TASK for every other node type). A nested run
 * joins its caller's trace under the tool node that called it.
 */
final class AliyunWorkflowSpans {

    private AliyunWorkflowSpans() {
    }

    static List<AliyunSpan> of(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        String runId = Fields.first(Fields.text(info, "workflow_run_id"), task.taskId());
        String messageId = Fields.first(Fields.text(info, "message_id"));
        JsonObject caller = Fields.object(AliyunTrace.metadata(info), "parent_trace_context");
        String callerRun = Fields.first(Fields.text(caller, "parent_workflow_run_id"));
        AliyunTrace trace = AliyunTrace.of(task, callerRun != null ? callerRun : runId);
        Instant start = AliyunTrace.start(info, receivedAt);
        Instant end = AliyunTrace.end(info, start, Fields.number(info, "workflow_run_elapsed_time"));
        String status = Fields.text(info, "workflow_run_status");
        String error = Fields.first(Fields.text(info, "error"), Fields.failed(status, null) ? status : null);
        AliyunTrace.Outcome outcome = AliyunTrace.Outcome.of(error);
        JsonValue inputs = value(info, "workflow_run_inputs");
        String output = GenAiAttributes.text(value(info, "workflow_run_outputs"));
        List<AliyunSpan> spans = new ArrayList<>();
        byte[] workflowParent = null;
        if (callerRun != null) {
            String callerNode = Fields.text(caller, "parent_node_execution_id");
            workflowParent = callerNode != null ? AliyunIds.span(callerNode, "node") : AliyunIds.span(callerRun, "workflow");
        } else if (messageId != null) {
            // A chatflow run: the message is the entry span, its input the user's query.
            workflowParent = AliyunIds.span(messageId, "message");
            String query = Fields.first(inputs instanceof JsonObject in ? Fields.text(in, "sys.query") : null,
                    Fields.text(info, "query"), "");
            spans.add(trace.span(workflowParent, null, "message", start, end,
                    trace.attributes().kind("CHAIN", "message").io(query, output), outcome, true));
        }
        byte[] workflowSpan = AliyunIds.span(runId, "workflow");
        spans.add(trace.span(workflowSpan, workflowParent, "workflow", start, end,
                trace.attributes().kind("CHAIN", "workflow").io(GenAiAttributes.text(inputs), output), outcome,
                workflowParent == null));
        if (info.get("node_executions") instanceof JsonArray nodes) {
            for (JsonValue n : nodes) {
                if (n instanceof JsonObject node && Fields.text(node, "node_execution_id") != null) {
                    spans.add(node(trace, node, workflowSpan, start));
                }
            }
        }
        return spans;
    }

    private static AliyunSpan node(AliyunTrace trace, JsonObject node, byte[] workflowSpan, Instant runStart) {
        String nodeType = Fields.first(Fields.text(node, "node_type"), "");
        String title = Fields.first(Fields.text(node, "title"), nodeType, "node");
        Instant start = AliyunTrace.start(node, runStart);
        Instant end = AliyunTrace.end(node, start, Fields.number(node, "elapsed_time"));
        JsonValue inputs = value(node, "node_inputs");
        JsonValue outputs = value(node, "node_outputs");
        GenAiAttributes a = switch (nodeType) {
            case "llm" -> llm(trace, node, inputs, outputs);
            case "knowledge-retrieval" -> {
                String query = inputs instanceof JsonObject in ? GenAiAttributes.text(value(in, "query")) : "";
                String documents = outputs instanceof JsonObject out ? GenAiAttributes.text(value(out, "result")) : "";
                yield trace.attributes().kind("RETRIEVER", "retrieval").put("retrieval.query", query)
                        .put("retrieval.document", documents).io(query, documents);
            }
            case "tool" -> {
                JsonObject toolInfo = Fields.object(AliyunTrace.metadata(node), "tool_info");
                String parameters = inputs instanceof JsonObject ? inputs.toString() : "{}";
                yield trace.attributes().kind("TOOL", "execute_tool").put("tool.name", title)
                        .put("tool.description", toolInfo == null ? "{}" : toolInfo.toString()).put("tool.parameters", parameters)
                        .put("gen_ai.tool.name", title).io(parameters, GenAiAttributes.text(outputs));
            }
            default -> trace.attributes().kind("TASK", null).io(GenAiAttributes.text(inputs), GenAiAttributes.text(outputs));
        };
        return trace.span(AliyunIds.span(Fields.text(node, "node_execution_id"), "node"), workflowSpan, title, start, end, a,
                outcome(node), false);
    }

    private static GenAiAttributes llm(AliyunTrace trace, JsonObject node, JsonValue inputs, JsonValue outputs) {
        JsonObject process = Fields.object(node, "process_data");
        JsonValue prompts = process != null && process.containsKey("prompts") ? process.get("prompts") : inputs;
        JsonObject out = outputs instanceof JsonObject o ? o : null;
        String completion = out != null && out.get("text") instanceof JsonString text ? text.getString() : "";
        // Usage: the node's own counts, else the LLM's usage block Dify keeps in process data or outputs.
        JsonObject usage = Fields.object(process, "usage") != null ? Fields.object(process, "usage") : Fields.object(out, "usage");
        return trace.attributes().kind("LLM", "chat")
                .llm(Fields.first(Fields.text(node, "model_name"), Fields.text(process, "model_name")),
                        Fields.first(Fields.text(node, "model_provider"), Fields.text(process, "model_provider")),
                        prompts, completion)
                .usage(count(node, usage, "prompt_tokens"), count(node, usage, "completion_tokens"),
                        count(node, usage, "total_tokens"))
                .put("gen_ai.response.finish_reason", Fields.text(out, "finish_reason"))
                .io(GenAiAttributes.text(prompts), completion);
    }

    private static Long count(JsonObject node, JsonObject usage, String field) {
        Long own = Fields.integer(node, field);
        return own != null ? own : Fields.integer(usage, field);
    }

    /** OK when the node succeeded, ERROR when it failed or raised, UNSET while it ran or was stopped. */
    private static AliyunTrace.Outcome outcome(JsonObject node) {
        String status = Fields.text(node, "status");
        String error = Fields.text(node, "error");
        if ("failed".equals(status) || "exception".equals(status) || (error != null && !error.isEmpty())) {
            return AliyunTrace.Outcome.of(Fields.first(error, status));
        }
        return "succeeded".equals(status) ? AliyunTrace.Outcome.of(null) : AliyunTrace.Outcome.unset(null);
    }
}
