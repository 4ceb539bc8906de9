package org.tracerelay.export.span;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.TaskEnvelope;

class WorkflowSpansTest {

    static final String APP = "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c";
    static final String OUTER = "8e2d4c6a-1b3f-4d5e-9a7c-2b4d6f8a0c1e";
    static final String TOOL_NODE = "a1b2c3d4-0002-4000-8000-000000000002";
    static final String INNER = "11111111-2222-4333-8444-555555555555";
    static final String INNER_NODE = "11111111-2222-4333-8444-666666666666";

    static JsonObject node(String run, String exec, String status) {
        return Json.createObjectBuilder().add("workflow_id", "wf").add("workflow_run_id", run).add("tenant_id", "t")
                .add("node_execution_id", exec).add("node_id", "n").add("node_type", "llm").add("title", "LLM")
                .add("status", status).add("elapsed_time", 0.2).add("index", 2).build();
    }

    static TaskEnvelope workflow(String run, JsonObject parentContext, JsonObject... nodes) {
        var meta = Json.createObjectBuilder().add("app_id", APP).add("triggered_from", "debugging");
        if (parentContext != null) {
            meta.add("parent_trace_context", parentContext);
        }
        var nodeArray = Json.createArrayBuilder();
        for (JsonObject n : nodes) {
            nodeArray.add(n);
        }
        JsonObject info = Json.createObjectBuilder().add("workflow_id", "wf").add("tenant_id", "t").add("workflow_run_id", run)
                .add("workflow_run_elapsed_time", 1).add("workflow_run_status", "failed")
                .add("workflow_run_inputs", Json.createObjectBuilder()).add("workflow_run_outputs", Json.createObjectBuilder())
                .add("workflow_run_version", "1").add("error", "boom").add("total_tokens", 1)
                .add("file_list", Json.createArrayBuilder()).add("query", "q").add("metadata", meta)
                .add("start_time", "2026-11-21T09:00:00").add("node_executions", nodeArray).build();
        return new EnvelopeValidator().validate(Json.createObjectBuilder().add("app_id", APP)
                .add("trace_info_type", "WorkflowTraceInfo").add("trace_info", info).build(), "t").envelope();
    }

    @Test
    void simpleWorkflowRootAndChildren() {
        List<SpanRecord> spans = WorkflowSpans.of(workflow(OUTER, null, node(OUTER, TOOL_NODE, "succeeded")), Instant.EPOCH);
        SpanRecord root = spans.get(0);
        assertEquals(WorkflowSpans.WORKFLOW_RUN, root.name());
        assertEquals(OUTER.replace("-", ""), TraceIds.hex(root.traceId()));
        assertNull(root.parentSpanId());
        assertEquals("boom", root.errorMessage());
        assertEquals("debugging", root.attributes().get("dify.invoke_from"));
        assertEquals(1.0, root.attributes().get("dify.workflow.elapsed_time"));
        assertFalse(root.attributes().containsKey("dify.parent.workflow.run_id"), "null attributes are left out");
        // a naive isoformat() time is read as UTC
        assertEquals(Instant.parse("2026-11-21T09:00:00Z"), Instant.ofEpochSecond(0, root.startEpochNanos()));

        SpanRecord child = spans.get(1);
        assertEquals(WorkflowSpans.NODE_EXECUTION, child.name());
        assertEquals(TraceIds.hex(TraceIds.spanId(OUTER)), TraceIds.hex(child.parentSpanId()));
        assertEquals(2L, child.attributes().get("dify.node.index"));
        assertEquals(APP, child.attributes().get("dify.app_id"));
    }

    @Test
    void nestedWorkflowSharesTheOuterTraceUnderTheToolNode() {
        JsonObject ctx = Json.createObjectBuilder().add("parent_workflow_run_id", OUTER)
                .add("parent_node_execution_id", TOOL_NODE).add("parent_app_id", "outer-app").build();
        JsonObject withOwnMetadata = Json.createObjectBuilder(node(INNER, INNER_NODE + "-2", "succeeded"))
                .add("metadata", Json.createObjectBuilder().add("app_id", APP).add("user_id", "u")).build();
        List<SpanRecord> spans = WorkflowSpans.of(workflow(INNER, ctx, node(INNER, INNER_NODE, "succeeded"), withOwnMetadata),
                Instant.EPOCH);
        SpanRecord inner = spans.get(0);
        assertEquals(OUTER.replace("-", ""), TraceIds.hex(inner.traceId()));
        assertEquals(TraceIds.hex(TraceIds.spanId(TOOL_NODE)), TraceIds.hex(inner.parentSpanId()));
        assertEquals(OUTER, inner.attributes().get("dify.parent.trace_id"));
        assertEquals("outer-app", inner.attributes().get("dify.parent.app.id"));
        for (SpanRecord innerNode : spans.subList(1, 3)) {
            assertEquals(OUTER.replace("-", ""), TraceIds.hex(innerNode.traceId()), "node metadata does not decide the trace");
            assertEquals(TraceIds.hex(TraceIds.spanId(INNER)), TraceIds.hex(innerNode.parentSpanId()));
        }
    }

    @Test
    void draftNodeIsItsOwnRoot() {
        JsonObject info = Json.createObjectBuilder(node("", INNER_NODE, "failed")).add("metadata", Json.createObjectBuilder()).build();
        TaskEnvelope draft = new EnvelopeValidator().validate(Json.createObjectBuilder().add("app_id", APP)
                .add("trace_info_type", "DraftNodeExecutionTrace").add("trace_info", info).build(), "t").envelope();
        SpanRecord span = WorkflowSpans.of(draft, Instant.EPOCH).get(0);
        assertEquals(WorkflowSpans.NODE_EXECUTION_DRAFT, span.name());
        assertEquals(INNER_NODE.replace("-", ""), TraceIds.hex(span.traceId()));
        assertNull(span.parentSpanId());
        assertEquals("failed", span.errorMessage());
    }

    @Test
    void anEmptyErrorIsNoErrorAttribute() {
        JsonObject okNode = Json.createObjectBuilder(node(OUTER, TOOL_NODE, "succeeded")).add("error", "").build();
        TaskEnvelope failed = workflow(OUTER, null, okNode);
        JsonObject info = Json.createObjectBuilder(failed.traceInfo()).add("error", "").add("workflow_run_status", "succeeded").build();
        List<SpanRecord> spans = WorkflowSpans.of(new TaskEnvelope(failed.taskId(), failed.appId(), failed.tenantId(),
                failed.type(), info), Instant.EPOCH);
        assertFalse(spans.get(0).attributes().containsKey("dify.workflow.error"));
        assertFalse(spans.get(1).attributes().containsKey("dify.node.error"));
        assertEquals("boom", WorkflowSpans.of(workflow(OUTER, null), Instant.EPOCH).get(0).attributes().get("dify.workflow.error"));
    }
}
