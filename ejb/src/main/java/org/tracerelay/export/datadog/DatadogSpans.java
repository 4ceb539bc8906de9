package org.tracerelay.export.datadog;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.support.Digests;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;
import org.tracerelay.task.TraceInfoType;

/**
 * A task's runs as OpenTelemetry GenAI spans for Datadog LLM Observability (dify-providers §2.9):
 * {@code gen_ai.operation.name}, input and output messages, conversation, model, tokens. Only
 * workflows (with their nodes), messages, tool calls and retrievals are traced; moderation,
 * suggested questions, conversation names and the rest give no span.
 *
 * <p>Ids: the trace id is md5({@code message:<message_id>}), or md5({@code workflow:<run_id>}) for a
 * workflow that answered no message; the trace's root span takes the digest's low 64 bits, so a
 * message, its workflow and its tool calls, sent by separate tasks, meet in one trace. Every
 * other span id is the contract's (SHA-256 of the run id), so a resent batch repeats its ids.
 */
final class DatadogSpans {

    private DatadogSpans() {
    }

    /** The trace a task belongs to: {@code message:<id>} or {@code workflow:<id>}. */
    record TraceKey(String kind, String id) {

        String text() {
            return kind + ":" + id;
        }

        byte[] traceId() {
            return md5(text());
        }

        /** The trace's root span: the message, or the workflow that answered none. */
        byte[] rootSpanId() {
            return Arrays.copyOfRange(md5(text()), 8, 16);
        }
    }

    static List<SpanRecord> of(TaskEnvelope task, Instant receivedAt) {
        if (!traced(task)) {
            return List.of();
        }
        RunTree tree = RunTrees.of(task, receivedAt);
        TraceKey key = traceKey(task);
        JsonObject info = task.traceInfo();
        String mode = Fields.first(Fields.text(info, "conversation_mode"), Fields.text(info, "conversation_model"));
        List<SpanRecord> spans = new ArrayList<>();
        for (Run run : tree.runs()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("gen_ai.operation.name", operation(run, mode));
            putIf(a, "gen_ai.conversation.id", tree.sessionId());
            putIf(a, "dify.app_id", Fields.first(Fields.text(run.metadata(), "app_id"), task.appId()));
            putIf(a, "dify.workflow_id", Fields.first(Fields.text(info, "workflow_id"), Fields.text(run.metadata(), "workflow_id")));
            a.put("dify.span.type", run.type());
            putIf(a, "dify.node.type", run.nodeType());
            putIf(a, "dify.external_trace_id", Fields.text(info, "trace_id"));
            RedactionAttributes.put(a, run.metadata());
            putIf(a, "gen_ai.input.messages", GenAiMessages.input(run.inputs()));
            putIf(a, "gen_ai.output.messages", GenAiMessages.output(run.outputs(), run.failed()));
            if (run.isLlm()) {
                putIf(a, "gen_ai.request.model", run.model());
                putIf(a, "gen_ai.provider.name", run.modelProvider());
                // Tokens only on LLM calls: a workflow's totals would count them twice.
                if (run.usage() != null) {
                    putIf(a, "gen_ai.usage.input_tokens", run.usage().input());
                    putIf(a, "gen_ai.usage.output_tokens", run.usage().output());
                }
            }
            if (run.isTool()) {
                a.put("gen_ai.tool.name", run.name());
                // where LLM Observability reads a tool call's input and output
                putIf(a, "gen_ai.tool.call.arguments", Fields.json(run.inputs()));
                putIf(a, "gen_ai.tool.call.result", Fields.json(run.outputs()));
            }
            spans.add(new SpanRecord(key.traceId(), spanId(run.id(), key), run.parentId() == null ? null : spanId(run.parentId(), key),
                    run.name(), Timestamps.nanos(run.start()), Timestamps.nanos(run.end()), a, run.failed() ? run.error() : null));
        }
        return spans;
    }

    /** What Dify's Datadog integration traces; the other payload types are nothing to send. */
    static boolean traced(TaskEnvelope task) {
        return switch (task.type()) {
            case WorkflowTraceInfo, MessageTraceInfo, ToolTraceInfo, DatasetRetrievalTraceInfo -> true;
            default -> false;
        };
    }

    static TraceKey traceKey(TaskEnvelope task) {
        JsonObject info = task.traceInfo();
        String messageId = nonEmpty(Fields.text(info, "message_id"));
        if (task.type() == TraceInfoType.WorkflowTraceInfo) {
            JsonObject parent = Fields.object(Fields.object(info, "metadata"), "parent_trace_context");
            String parentRun = parent == null ? null : nonEmpty(Fields.text(parent, "parent_workflow_run_id"));
            if (parentRun != null) {
                // A nested workflow joins its caller's trace: the caller's message when the context names one.
                String outer = nonEmpty(Fields.text(parent, "trace_id"));
                return outer != null && !outer.equals(parentRun) ? new TraceKey("message", outer) : new TraceKey("workflow", parentRun);
            }
            if (messageId == null) {
                return new TraceKey("workflow", Fields.text(info, "workflow_run_id"));
            }
        }
        return new TraceKey("message", messageId != null ? messageId : task.taskId());
    }

    /**
     * The GenAI operation of a run: LLM calls chat (or completion in a completion app), tools
     * execute_tool, knowledge retrieval retrieval, agents invoke_agent, the rest workflow.
     */
    static String operation(Run run, String mode) {
        if (run.isTool()) {
            return "execute_tool";
        }
        if (run.isRetrieval()) {
            return "retrieval";
        }
        if ("agent".equals(run.nodeType()) || ("message".equals(run.type()) && "agent-chat".equals(mode))) {
            return "invoke_agent";
        }
        if (run.isLlm()) {
            return "completion".equals(mode) ? "completion" : "chat";
        }
        return "workflow";
    }

    private static byte[] spanId(String runId, TraceKey key) {
        return runId.equals(key.id()) ? key.rootSpanId() : TraceIds.spanId(runId);
    }

    private static void putIf(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static byte[] md5(String text) {
        return Digests.md5(text);
    }
}
