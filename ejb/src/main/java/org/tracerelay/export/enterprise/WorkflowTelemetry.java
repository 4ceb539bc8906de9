package org.tracerelay.export.enterprise;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.export.span.WorkflowSpans;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/**
 * Workflow runs, node executions and draft node executions: the span (§4), its companion log
 * with every span attribute plus the detail attributes (§8.1), and the metrics (§6, §7).
 */
final class WorkflowTelemetry {

    static final List<String> WORKFLOW_SPAN_KEYS = List.of("dify.trace_id", "dify.tenant_id", "dify.app_id",
            "dify.workflow.id", "dify.workflow.run_id", "dify.workflow.status", "dify.workflow.error",
            "dify.workflow.elapsed_time", "dify.invoke_from", "dify.conversation.id", "dify.message.id",
            "dify.invoked_by");
    static final List<String> PARENT_KEYS = List.of("dify.parent.trace_id", "dify.parent.workflow.run_id",
            "dify.parent.node.execution_id", "dify.parent.app.id");
    static final List<String> NODE_SPAN_KEYS = List.of("dify.trace_id", "dify.tenant_id", "dify.app_id",
            "dify.workflow.id", "dify.workflow.run_id", "dify.message.id", "dify.conversation.id",
            "dify.node.execution_id", "dify.node.id", "dify.node.type", "dify.node.title", "dify.node.status",
            "dify.node.error", "dify.node.elapsed_time", "dify.node.index", "dify.node.predecessor_node_id",
            "dify.node.iteration_id", "dify.node.loop_id", "dify.node.parallel_id", "dify.node.invoked_by");

    private static final Set<String> PLUGIN_NODES = Set.of("tool", "knowledge-retrieval");
    private static final String KNOWLEDGE = "knowledge-retrieval";

    private WorkflowTelemetry() {
    }

    static void workflow(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        JsonObject meta = Fields.object(info, "metadata");
        SpanRecord span = WorkflowSpans.workflowRun(task, receivedAt);
        out.spans().add(span);
        String runId = Fields.text(info, "workflow_run_id");
        String tenant = (String) span.attributes().get("dify.tenant_id");
        String userId = Fields.text(meta, "user_id");
        LogAttributes log = new LogAttributes(WorkflowSpans.WORKFLOW_RUN, TelemetryLog.SPAN_DETAIL);
        copySpanAttributes(span, WORKFLOW_SPAN_KEYS, log);
        log.put("dify.user.id", userId)
                .put("gen_ai.usage.total_tokens", Fields.integer(info, "total_tokens"))
                .put("dify.workflow.version", Fields.text(info, "workflow_run_version"))
                .put("dify.workflow.inputs", gate.apply(Fields.json(info, "workflow_run_inputs"), "workflow_run_id", runId))
                .put("dify.workflow.outputs", gate.apply(Fields.json(info, "workflow_run_outputs"), "workflow_run_id", runId))
                .put("dify.workflow.query", gate.apply(Fields.json(info, "query"), "workflow_run_id", runId))
                .put("tenant_id", tenant)
                .put("user_id", userId);
        out.logs().add(new TelemetryLog(WorkflowSpans.WORKFLOW_RUN, TelemetryLog.SPAN_DETAIL, span.traceId(),
                span.spanId(), span.endEpochNanos(), log.build()));
        workflowMetrics(span, info, out.measurements());
        JsonValue nodes = info.get("node_executions");
        if (nodes instanceof JsonArray array) {
            for (JsonValue node : array) {
                node(task, node.asJsonObject(), info, false, receivedAt, gate, out);
            }
        }
    }

    static void node(TaskEnvelope task, JsonObject node, JsonObject workflow, boolean draft, Instant receivedAt,
                     ContentGate gate, TaskTelemetry out) {
        SpanRecord span = WorkflowSpans.node(task, node, workflow, draft, receivedAt);
        out.spans().add(span);
        JsonObject meta = Fields.object(node, "metadata");
        String event = draft ? WorkflowSpans.NODE_EXECUTION_DRAFT : WorkflowSpans.NODE_EXECUTION;
        String execId = Fields.text(node, "node_execution_id");
        String nodeType = Fields.text(node, "node_type");
        String userId = Fields.first(Fields.text(meta, "user_id"), Fields.text(Fields.object(workflow, "metadata"), "user_id"));
        boolean llm = isLlm(node);
        boolean plugin = PLUGIN_NODES.contains(nodeType);
        boolean knowledge = KNOWLEDGE.equals(nodeType);
        LogAttributes log = new LogAttributes(event, TelemetryLog.SPAN_DETAIL);
        copySpanAttributes(span, NODE_SPAN_KEYS, log);
        log.put("dify.user.id", userId)
                .putIf(llm, "gen_ai.provider.name", Fields.text(node, "model_provider"))
                .putIf(llm, "gen_ai.request.model", Fields.text(node, "model_name"))
                .putIf(llm, "gen_ai.usage.input_tokens", Fields.integer(node, "prompt_tokens"))
                .putIf(llm, "gen_ai.usage.output_tokens", Fields.integer(node, "completion_tokens"))
                .putIf(llm, "gen_ai.usage.total_tokens", Fields.integer(node, "total_tokens"))
                .putIf(llm, "dify.node.total_price", Fields.number(node, "total_price"))
                .putIf(llm, "dify.node.currency", Fields.text(node, "currency"))
                .putIf(plugin, "dify.node.plugin_name", Fields.json(meta, "plugin_name"))
                .putIf(plugin, "dify.node.plugin_id", Fields.json(meta, "plugin_id"))
                .putIf(knowledge, "dify.dataset.id", single(meta, "dataset_ids", "dataset_id"))
                .putIf(knowledge, "dify.dataset.name", single(meta, "dataset_names", "dataset_name"))
                .put("dify.node.inputs", gate.apply(Fields.json(node, "node_inputs"), "node_execution_id", execId))
                .put("dify.node.outputs", gate.apply(Fields.json(node, "node_outputs"), "node_execution_id", execId))
                .put("dify.node.process_data", gate.apply(Fields.json(node, "process_data"), "node_execution_id", execId))
                .put("tenant_id", span.attributes().get("dify.tenant_id"))
                .put("user_id", userId);
        out.logs().add(new TelemetryLog(event, TelemetryLog.SPAN_DETAIL, span.traceId(), span.spanId(),
                span.endEpochNanos(), log.build()));
        nodeMetrics(span, node, draft, out.measurements());
    }

    private static void workflowMetrics(SpanRecord span, JsonObject info, List<Measurement> out) {
        String tenant = (String) span.attributes().get("dify.tenant_id");
        String app = (String) span.attributes().get("dify.app_id");
        String status = Fields.text(info, "workflow_run_status");
        Tokens.add(out, tenant, app, "workflow", "", "", null, Fields.integer(info, "total_tokens"),
                Fields.integer(info, "prompt_tokens"), Fields.integer(info, "completion_tokens"));
        out.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "workflow", "tenant_id", tenant, "app_id", app,
                "status", status, "invoke_from", (String) span.attributes().get("dify.invoke_from")));
        Double elapsed = Fields.number(info, "workflow_run_elapsed_time");
        if (elapsed != null) {
            out.add(Measurement.of(Instrument.WORKFLOW_DURATION, elapsed, "tenant_id", tenant, "app_id", app,
                    "status", status));
        }
        if (Fields.failed(status, Fields.text(info, "error"))) {
            out.add(Measurement.of(Instrument.ERRORS_TOTAL, 1, "type", "workflow", "tenant_id", tenant, "app_id", app));
        }
    }

    private static void nodeMetrics(SpanRecord span, JsonObject node, boolean draft, List<Measurement> out) {
        String tenant = (String) span.attributes().get("dify.tenant_id");
        String app = (String) span.attributes().get("dify.app_id");
        String nodeType = Fields.text(node, "node_type");
        String provider = Fields.text(node, "model_provider");
        String model = Fields.text(node, "model_name");
        String status = Fields.text(node, "status");
        String type = draft ? "draft_node" : "node";
        Tokens.add(out, tenant, app, "node_execution", provider, model, nodeType == null ? "" : nodeType, Fields.integer(node, "total_tokens"),
                Fields.integer(node, "prompt_tokens"), Fields.integer(node, "completion_tokens"));
        out.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", type, "tenant_id", tenant, "app_id", app,
                "node_type", nodeType, "model_provider", provider, "status", status));
        Double elapsed = Fields.number(node, "elapsed_time");
        if (elapsed != null) {
            String pluginName = Fields.text(Fields.object(node, "metadata"), "plugin_name");
            if (PLUGIN_NODES.contains(nodeType) && pluginName != null && !pluginName.isEmpty()) {
                out.add(Measurement.of(Instrument.NODE_DURATION, elapsed, "tenant_id", tenant, "app_id", app,
                        "node_type", nodeType, "model_provider", provider, "plugin_name", pluginName));
            } else {
                out.add(Measurement.of(Instrument.NODE_DURATION, elapsed, "tenant_id", tenant, "app_id", app,
                        "node_type", nodeType, "model_provider", provider));
            }
        }
        if (Fields.failed(status, Fields.text(node, "error"))) {
            out.add(Measurement.of(Instrument.ERRORS_TOTAL, 1, "type", type, "tenant_id", tenant, "app_id", app,
                    "node_type", nodeType, "model_provider", provider));
        }
    }

    /** Span attributes in dictionary order; absent ones as null, parent ones only when nested. */
    private static void copySpanAttributes(SpanRecord span, List<String> keys, LogAttributes log) {
        for (String key : keys) {
            log.put(key, span.attributes().get(key));
        }
        if (span.attributes().containsKey("dify.parent.workflow.run_id")) {
            for (String key : PARENT_KEYS) {
                log.put(key, span.attributes().get(key));
            }
        }
    }

    private static boolean isLlm(JsonObject node) {
        return "llm".equals(Fields.text(node, "node_type")) || Fields.text(node, "model_provider") != null
                || Fields.text(node, "model_name") != null;
    }

    /** A dataset id or name from node metadata: the one value, or a JSON list when there are several. */
    private static String single(JsonObject meta, String listField, String singleField) {
        JsonValue v = meta == null ? null : meta.get(listField);
        if (v instanceof JsonArray a) {
            return a.size() == 1 ? Fields.json(a.get(0)) : a.toString();
        }
        return Fields.first(Fields.json(meta, listField), Fields.json(meta, singleField));
    }
}
