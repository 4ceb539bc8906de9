package org.tracerelay.export.trace;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/** Runs of workflows and their nodes, draft nodes and single node executions. */
final class WorkflowRuns {

    private WorkflowRuns() {
    }

    static RunTree workflow(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = RunTrees.metadata(info);
        String runId = Fields.text(info, "workflow_run_id");
        String messageId = RunTrees.nonEmpty(Fields.text(info, "message_id"));
        Instant start = RunTrees.start(info, receivedAt);
        Instant end = RunTrees.end(info, start);
        String error = RunTrees.nonEmpty(Fields.text(info, "error"));
        JsonValue inputs = RunTrees.value(info, "workflow_run_inputs");
        JsonValue outputs = RunTrees.value(info, "workflow_run_outputs");
        JsonObject runMeta = RunTrees.with(meta, "workflow_app_log_id", RunTrees.value(info, "workflow_app_log_id"),
                "external_trace_id", RunTrees.value(info, "trace_id"));
        JsonObject parent = Fields.object(meta, "parent_trace_context");
        String parentRun = parent == null ? null : RunTrees.nonEmpty(Fields.text(parent, "parent_workflow_run_id"));
        List<Run> runs = new ArrayList<>();
        String workflowParent = null;
        String traceId;
        boolean owns;
        if (parentRun != null) {
            // A nested workflow joins the outer trace under the tool node that called it (§2.5).
            traceId = Fields.first(Fields.text(parent, "trace_id"), parentRun);
            workflowParent = Fields.text(parent, "parent_node_execution_id");
            owns = false;
        } else if (messageId != null) {
            traceId = RunTrees.traceId(info, messageId);
            runs.add(new Run(messageId, null, "message", "message", null, start, end, inputs, outputs, runMeta, error,
                    null, null, null, List.of("message", "workflow")));
            workflowParent = messageId;
            owns = true;
        } else {
            traceId = RunTrees.traceId(info, runId);
            owns = true;
        }
        // The run's token totals are its LLM nodes' added up: on the workflow's run too, a backend that adds
        // up a trace's spans (Phoenix, LangSmith) would count every node twice. They stay in the metadata.
        JsonObject totals = RunTrees.with(runMeta, "total_tokens", RunTrees.value(info, "total_tokens"));
        runs.add(new Run(runId, workflowParent, "workflow", "workflow", null, start, end, inputs, outputs,
                Fields.integer(info, "total_tokens") == null ? runMeta : totals, error, null, null, null, List.of("workflow")));
        JsonValue nodes = info.get("node_executions");
        if (nodes instanceof JsonArray array) {
            for (JsonValue n : array) {
                runs.add(node(task, n.asJsonObject(), runId, start));
            }
        }
        String name = messageId != null && parentRun == null ? "message" : "workflow";
        return new RunTree(traceId, owns, name, RunTrees.userId(meta), Fields.first(Fields.text(info, "conversation_id"),
                Fields.text(meta, "conversation_id")), inputs, outputs, runMeta, runs.get(0).tags(), runs);
    }

    static RunTree standaloneNode(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        String runId = RunTrees.nonEmpty(Fields.text(info, "workflow_run_id"));
        Run node = node(task, info, runId, RunTrees.start(info, receivedAt));
        if (runId == null) {
            return draftNode(task, receivedAt);
        }
        return new RunTree(RunTrees.traceId(info, runId), false, node.name(), RunTrees.userId(RunTrees.metadata(info)),
                null, node.inputs(), node.outputs(), node.metadata(), node.tags(), List.of(node));
    }

    static RunTree draftNode(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        Run node = node(task, info, null, RunTrees.start(info, receivedAt));
        return new RunTree(node.id(), true, node.name(), RunTrees.userId(RunTrees.metadata(info)), null, node.inputs(),
                node.outputs(), node.metadata(), node.tags(), List.of(node));
    }

    private static Run node(TaskEnvelope task, JsonObject node, String parentRunId, Instant fallbackStart) {
        JsonObject meta = RunTrees.metadata(node);
        JsonObject process = Fields.object(node, "process_data");
        String nodeType = Fields.text(node, "node_type");
        String title = Fields.first(Fields.text(node, "title"), nodeType, "node");
        Instant start = RunTrees.start(node, fallbackStart);
        Double elapsed = Fields.number(node, "elapsed_time");
        Instant end = elapsed != null ? start.plus(Duration.ofNanos((long) (elapsed * 1e9))) : RunTrees.end(node, start);
        boolean llm = "llm".equals(nodeType);
        JsonValue inputs = llm && process != null && process.get("prompts") != null ? process.get("prompts")
                : RunTrees.value(node, "node_inputs");
        String status = Fields.text(node, "status");
        String error = RunTrees.nonEmpty(Fields.text(node, "error"));
        if (error == null && status != null && (status.equals("failed") || status.equals("exception"))) {
            error = status;
        }
        String model = Fields.first(Fields.text(process, "model_name"), Fields.text(node, "model_name"));
        String provider = Fields.first(Fields.text(process, "model_provider"), Fields.text(node, "model_provider"));
        JsonObject runMeta = RunTrees.with(meta, "workflow_run_id", RunTrees.value(node, "workflow_run_id"),
                "node_execution_id", RunTrees.value(node, "node_execution_id"), "tenant_id",
                Fields.first(task.tenantId(), Fields.text(node, "tenant_id")), "app_id",
                Fields.first(Fields.text(meta, "app_id"), task.appId()), "node_name", title, "node_type", nodeType,
                "status", status, "model_provider", provider, "model_name", model);
        return new Run(Fields.text(node, "node_execution_id"), parentRunId, title, "node", nodeType, start, end, inputs,
                RunTrees.value(node, "node_outputs"), runMeta, error, model, provider,
                Usage.tokens(Fields.integer(node, "prompt_tokens"), Fields.integer(node, "completion_tokens"),
                        Fields.integer(node, "total_tokens"), Fields.number(node, "total_price")),
                List.of("node_execution", nodeType == null ? "node" : nodeType));
    }
}
