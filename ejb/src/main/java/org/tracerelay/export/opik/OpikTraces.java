package org.tracerelay.export.opik;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

/**
 * A task as Opik traces and spans (dify-providers §2.3). A message is the trace itself, never a
 * span: the workflow and the LLM call hang right under it. Runs around a message (tool,
 * moderation, suggested question, retrieval) join the message's trace. Node executions, draft
 * nodes, prompt generations and app events are not sent to Opik, as in Dify.
 */
final class OpikTraces {

    /**
     * What one task sends: its traces and its spans, in the order Opik should see them, and the ids
     * its traces had under earlier offsets ({@link OpikIdWindow}), to delete before a moved resend.
     */
    record Objects(List<JsonObject> traces, List<JsonObject> spans, List<String> earlierTraceIds) {
        boolean isEmpty() {
            return traces.isEmpty() && spans.isEmpty();
        }
    }

    static final Set<TraceInfoType> EXPORTED = Set.of(TraceInfoType.WorkflowTraceInfo, TraceInfoType.MessageTraceInfo,
            TraceInfoType.ModerationTraceInfo, TraceInfoType.SuggestedQuestionTraceInfo,
            TraceInfoType.DatasetRetrievalTraceInfo, TraceInfoType.ToolTraceInfo, TraceInfoType.GenerateNameTraceInfo);

    private OpikTraces() {
    }

    static Objects of(TaskEnvelope task, Instant receivedAt, String project, OpikIdWindow window) {
        if (!EXPORTED.contains(task.type())) {
            return new Objects(List.of(), List.of(), List.of());
        }
        RunTree tree = RunTrees.of(task, receivedAt);
        if (tree.isEmpty()) {
            return new Objects(List.of(), List.of(), List.of());
        }
        Run first = tree.root();
        boolean messageIsTrace = "message".equals(first.type());
        boolean workflowWithMessage = messageIsTrace && tree.runs().stream().anyMatch(r -> "workflow".equals(r.type()));
        List<JsonObject> traces = new ArrayList<>();
        List<String> earlierTraceIds = new ArrayList<>();
        Duration offset = window.offset(first.start());
        String traceId;
        if (tree.ownsTrace() || "workflow".equals(first.type())) {
            // A nested workflow gets a trace of its own: its parent's Opik ids depend on times this task does not carry.
            String seed = tree.ownsTrace() ? tree.traceId() : first.id();
            traceId = OpikIds.uuid7(first.start().plus(offset), seed);
            traces.add(trace(tree, first, traceId, project, workflowWithMessage));
            window.earlier(offset).forEach(earlier -> earlierTraceIds.add(OpikIds.uuid7(first.start().plus(earlier), seed)));
        } else {
            // Under a message another task sent: the message trace's id, from the message's own start, moved as that task's.
            Instant messageStart = Fields.time(Fields.object(task.traceInfo(), "message_data"), "created_at");
            Instant start = messageStart != null ? messageStart : first.start();
            traceId = OpikIds.uuid7(start.plus(window.offset(start)), tree.traceId());
        }
        Map<String, String> spanIds = new HashMap<>();
        List<JsonObject> spans = new ArrayList<>();
        for (Run run : tree.runs()) {
            if (run == first && messageIsTrace) {
                continue;
            }
            String spanId = spanId(run, messageIsTrace, offset);
            spanIds.put(run.id(), spanId);
            spans.add(span(run, spanId, run.parentId() == null ? null : spanIds.get(run.parentId()), traceId, project));
        }
        return new Objects(traces, spans, earlierTraceIds);
    }

    /**
     * A node, LLM or tool span: its Dify id at its start. A workflow without a message would share
     * its trace's seed, so its root span takes md5(run id + "-root") as Dify does.
     */
    private static String spanId(Run run, boolean underMessage, Duration offset) {
        if ("workflow".equals(run.type()) && !underMessage) {
            return OpikIds.uuid7(run.start().plus(offset), OpikIds.md5Uuid4(run.id() + "-root").toString());
        }
        return OpikIds.uuid7(run.start().plus(offset), run.id());
    }

    private static JsonObject trace(RunTree tree, Run first, String id, String project, boolean workflowWithMessage) {
        List<String> tags = workflowWithMessage ? List.of("message", "workflow")
                : "workflow".equals(first.type()) ? List.of("workflow") : tree.tags();
        String name = workflowWithMessage ? "message" : "workflow".equals(first.type()) ? "workflow" : tree.name();
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", id).add("project_name", project).add("name", name)
                .add("start_time", first.start().toString()).add("end_time", first.end().toString())
                .add("input", wrap(first.inputs(), "input")).add("output", wrap(first.outputs(), "output"))
                .add("metadata", Jsonp.createObjectBuilder(first.metadata()).add("created_from", "dify"))
                .add("tags", strings(tags));
        if (tree.sessionId() != null) {
            b.add("thread_id", tree.sessionId());
        }
        if (first.failed()) {
            b.add("error_info", errorInfo(first));
        }
        return b.build();
    }

    private static JsonObject span(Run run, String id, String parentId, String traceId, String project) {
        String type = run.isLlm() ? "llm" : "workflow".equals(run.type()) ? "general" : "tool";
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", id).add("trace_id", traceId).add("project_name", project)
                .add("name", run.name()).add("type", type)
                .add("start_time", run.start().toString()).add("end_time", run.end().toString())
                .add("input", wrap(run.inputs(), "input")).add("output", wrap(run.outputs(), "output"))
                .add("metadata", Jsonp.createObjectBuilder(run.metadata()).add("created_from", "dify"))
                .add("tags", strings(run.tags()));
        if (parentId != null) {
            b.add("parent_span_id", parentId);
        }
        if (run.model() != null) {
            b.add("model", run.model());
        }
        if (run.modelProvider() != null) {
            b.add("provider", run.modelProvider());
        }
        if (run.usage() != null && "llm".equals(type)) {
            b.add("usage", run.usage().counts("prompt_tokens", "completion_tokens"));
            if (run.usage().totalCost() != null) {
                b.add("total_estimated_cost", run.usage().totalCost());
            }
        }
        if (run.failed()) {
            b.add("error_info", errorInfo(run));
        }
        return b.build();
    }

    /** Opik's error_info; exception_type and traceback are required, Dify has no exception class nor stack. */
    private static JsonObject errorInfo(Run run) {
        return Jsonp.createObjectBuilder().add("exception_type", "error").add("message", run.error()).add("traceback", "").build();
    }

    /** Opik shows input and output as objects: anything else is wrapped, as Dify's wrap_dict does. */
    static JsonObject wrap(JsonValue v, String key) {
        if (v instanceof JsonObject o) {
            return o;
        }
        return Jsonp.createObjectBuilder().add(key, v == null ? JsonValue.NULL : v).build();
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder b = Jsonp.createArrayBuilder();
        values.forEach(b::add);
        return b;
    }
}
