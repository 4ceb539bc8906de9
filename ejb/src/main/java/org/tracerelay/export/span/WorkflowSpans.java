package org.tracerelay.export.span;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.task.Fields;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;
import org.tracerelay.task.TraceInfoType;

/**
 * Spans for workflow runs and node executions with the attributes of the data dictionary §4
 * and the parenting of §5: simple workflow, nested sub-workflow sharing the outer trace, draft
 * node as its own root.
 */
public final class WorkflowSpans {

    public static final String WORKFLOW_RUN = "dify.workflow.run";
    public static final String NODE_EXECUTION = "dify.node.execution";
    public static final String NODE_EXECUTION_DRAFT = "dify.node.execution.draft";

    private static final Set<String> FAILED = Set.of("failed", "exception", "partial-succeeded_with_errors");

    private WorkflowSpans() {
    }

    /** The spans of one task of type workflow, node or draft node. */
    public static List<SpanRecord> of(TaskEnvelope task, Instant fallbackTime) {
        JsonObject info = task.traceInfo();
        return switch (task.type()) {
            case WorkflowTraceInfo -> workflow(task, info, fallbackTime);
            case WorkflowNodeTraceInfo -> List.of(node(task, info, null, false, fallbackTime));
            case DraftNodeExecutionTrace -> List.of(node(task, info, null, true, fallbackTime));
            default -> throw new IllegalArgumentException("not a workflow task: " + task.type());
        };
    }

    public static boolean handles(TraceInfoType type) {
        return type == TraceInfoType.WorkflowTraceInfo || type == TraceInfoType.WorkflowNodeTraceInfo
                || type == TraceInfoType.DraftNodeExecutionTrace;
    }

    private static List<SpanRecord> workflow(TaskEnvelope task, JsonObject info, Instant fallback) {
        List<SpanRecord> spans = new ArrayList<>();
        spans.add(workflowRun(task, fallback));
        JsonValue nodes = info.get("node_executions");
        if (nodes instanceof JsonArray array) {
            for (JsonValue node : array) {
                spans.add(node(task, node.asJsonObject(), info, false, fallback));
            }
        }
        return spans;
    }

    /** The {@code dify.workflow.run} span of a workflow task, without its nodes. */
    public static SpanRecord workflowRun(TaskEnvelope task, Instant fallback) {
        JsonObject info = task.traceInfo();
        String runId = Fields.text(info, "workflow_run_id");
        JsonObject meta = info.getJsonObject("metadata");
        ParentContext parent = ParentContext.of(meta);
        byte[] traceId = runTrace(runId, parent);
        Attributes a = new Attributes()
                .put("dify.trace_id", businessTraceId(info, runId))
                .put("dify.tenant_id", Fields.first(task.tenantId(), Fields.text(info, "tenant_id")))
                .put("dify.app_id", appId(task, meta))
                .text("dify.workflow.id", info, "workflow_id")
                .put("dify.workflow.run_id", runId)
                .text("dify.workflow.status", info, "workflow_run_status")
                .put("dify.workflow.error", failure(info))
                .number("dify.workflow.elapsed_time", info, "workflow_run_elapsed_time")
                .text("dify.invoke_from", meta, "triggered_from")
                .text("dify.conversation.id", info, "conversation_id")
                .text("dify.message.id", info, "message_id")
                .text("dify.invoked_by", info, "invoked_by")
                .put("dify.metadata.relay_redaction", meta == null || meta.get("relay_redaction") == null
                        ? null : Attributes.scalar(meta.get("relay_redaction")));
        byte[] parentSpan = null;
        if (parent != null) {
            a.put("dify.parent.trace_id", Fields.first(parent.traceId(), parent.workflowRunId()))
                    .put("dify.parent.workflow.run_id", parent.workflowRunId())
                    .put("dify.parent.node.execution_id", parent.nodeExecutionId())
                    .put("dify.parent.app.id", parent.appId());
            parentSpan = parent.nodeExecutionId() == null ? null : TraceIds.spanId(parent.nodeExecutionId());
        }
        return span(traceId, TraceIds.spanId(runId), parentSpan, WORKFLOW_RUN, info, fallback, a.build(),
                error(info, "workflow_run_status"));
    }

    /**
     * A {@code dify.node.execution} (or {@code .draft}) span.
     *
     * @param workflow the enclosing workflow's trace_info when the node came inside it, else null
     */
    public static SpanRecord node(TaskEnvelope task, JsonObject node, JsonObject workflow, boolean draft,
                                   Instant fallback) {
        JsonObject meta = node.getJsonObject("metadata");
        JsonObject workflowMeta = workflow == null ? null : workflow.getJsonObject("metadata");
        String runId = Fields.first(Fields.text(node, "workflow_run_id"),
                Fields.text(workflow, "workflow_run_id"));
        String execId = Fields.text(node, "node_execution_id");
        // Inside a run, the run's context decides: its nodes join its span's trace, whatever their own metadata holds.
        ParentContext parent = ParentContext.of(workflow != null ? workflowMeta : meta);
        byte[] traceId;
        byte[] parentSpan;
        if (draft || runId == null) {
            traceId = TraceIds.traceId(execId);
            parentSpan = null;
        } else {
            traceId = runTrace(runId, parent);
            parentSpan = TraceIds.spanId(runId);
        }
        JsonObject outer = workflow != null ? workflow : node;
        Attributes a = new Attributes()
                .put("dify.trace_id", businessTraceId(outer, draft || runId == null ? execId : runId))
                .put("dify.tenant_id", Fields.first(task.tenantId(), Fields.text(node, "tenant_id"),
                        Fields.text(workflow, "tenant_id")))
                .put("dify.app_id", Fields.first(Fields.text(meta, "app_id"), appId(task, workflowMeta)))
                .put("dify.workflow.id", Fields.first(Fields.text(node, "workflow_id"), Fields.text(workflow, "workflow_id")))
                .put("dify.workflow.run_id", runId)
                .put("dify.message.id", Fields.first(Fields.text(meta, "message_id"), Fields.text(node, "message_id"),
                        Fields.text(workflow, "message_id")))
                .put("dify.conversation.id", Fields.first(Fields.text(meta, "conversation_id"),
                        Fields.text(workflow, "conversation_id")))
                .put("dify.node.execution_id", execId)
                .text("dify.node.id", node, "node_id")
                .text("dify.node.type", node, "node_type")
                .text("dify.node.title", node, "title")
                .text("dify.node.status", node, "status")
                .put("dify.node.error", failure(node))
                .number("dify.node.elapsed_time", node, "elapsed_time")
                .integer("dify.node.index", node, "index")
                .text("dify.node.predecessor_node_id", node, "predecessor_node_id")
                .text("dify.node.iteration_id", node, "iteration_id")
                .text("dify.node.loop_id", node, "loop_id")
                .text("dify.node.parallel_id", node, "parallel_id")
                .put("dify.node.invoked_by", Fields.first(Fields.text(node, "invoked_by"), Fields.text(workflow, "invoked_by")));
        return span(traceId, TraceIds.spanId(execId), parentSpan, draft ? NODE_EXECUTION_DRAFT : NODE_EXECUTION,
                node, fallback, a.build(), error(node, "status"));
    }

    /** The trace of a run and its nodes: the outer run's when nested (§5), else the run's own. */
    private static byte[] runTrace(String runId, ParentContext parent) {
        return TraceIds.traceId(parent != null ? parent.workflowRunId() : runId);
    }

    private static SpanRecord span(byte[] traceId, byte[] spanId, byte[] parent, String name, JsonObject timing,
                                   Instant fallback, Map<String, Object> attributes, String error) {
        long[] window = Timestamps.window(Fields.text(timing, "start_time"), Fields.text(timing, "end_time"), fallback);
        return new SpanRecord(traceId, spanId, parent, name, window[0], window[1], attributes, error);
    }

    private static String businessTraceId(JsonObject info, String fallback) {
        String external = Fields.text(info, "trace_id");
        return RequestContext.isValidTraceId(external) ? external : fallback;
    }

    private static String appId(TaskEnvelope task, JsonObject meta) {
        return Fields.first(Fields.text(meta, "app_id"), task.appId());
    }

    /** The data dictionary puts error attributes only on failure: an empty error is none. */
    private static String failure(JsonObject o) {
        String error = Fields.text(o, "error");
        return error == null || error.isEmpty() ? null : error;
    }

    private static String error(JsonObject info, String statusField) {
        String error = Fields.text(info, "error");
        if (error != null && !error.isEmpty()) {
            return error;
        }
        String status = Fields.text(info, statusField);
        return status != null && FAILED.contains(status) ? status : null;
    }

    /** metadata.parent_trace_context of a nested workflow; null when absent or without a run id. */
    record ParentContext(String workflowRunId, String nodeExecutionId, String traceId, String appId) {
        static ParentContext of(JsonObject metadata) {
            JsonValue v = metadata == null ? null : metadata.get("parent_trace_context");
            if (!(v instanceof JsonObject ctx)) {
                return null;
            }
            String run = Fields.text(ctx, "parent_workflow_run_id");
            if (run == null || run.isEmpty()) {
                return null;
            }
            return new ParentContext(run, Fields.text(ctx, "parent_node_execution_id"),
                    Fields.text(ctx, "trace_id"), Fields.text(ctx, "parent_app_id"));
        }
    }
}
