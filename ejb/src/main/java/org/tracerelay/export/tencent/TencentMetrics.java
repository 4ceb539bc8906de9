package org.tracerelay.export.tencent;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;
import org.tracerelay.task.TraceInfoType;

/**
 * The histogram observations one task makes (dify-providers §5.4), each a delta data point of
 * its own over the OpenTelemetry default bounds: the trace's duration for a root workflow or a
 * message, and for every model call its duration, input and output tokens, and for a streamed
 * message its time to first token and time to generate. Values are seconds and tokens.
 *
 * <p>A chatflow's message (its metadata names a workflow run) counts no model call: the
 * workflow's LLM nodes already did, and its tokens are their sum.
 */
final class TencentMetrics {

    static final String TRACE_DURATION = "gen_ai.trace.duration";
    static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
    static final String TOKEN_USAGE = "gen_ai.client.token.usage";
    static final String TIME_TO_FIRST_TOKEN = "gen_ai.server.time_to_first_token";
    static final String TIME_TO_GENERATE = "gen_ai.streaming.time_to_generate";

    /** The OpenTelemetry SDK's default explicit bounds, as Dify's Tencent client keeps them. */
    static final double[] BOUNDS = {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000};

    private static final Set<String> WORKFLOW_STATUSES = Set.of("succeeded", "failed", "partial-succeeded", "stopped");

    private TencentMetrics() {
    }

    static List<SeriesSnapshot> of(TaskEnvelope task, RunTree tree) {
        JsonObject info = task.traceInfo();
        List<SeriesSnapshot> points = new ArrayList<>();
        if (task.type() == TraceInfoType.WorkflowTraceInfo) {
            Run workflow = tree.runs().stream().filter(r -> "workflow".equals(r.type())).findFirst().orElse(null);
            boolean root = workflow != null && workflow.parentId() == null && tree.ownsTrace();
            if (root) {
                Double elapsed = Fields.number(info, "workflow_run_elapsed_time");
                points.add(observe(TRACE_DURATION, "s", "Duration of a trace", Map.of(
                        "workflow_status", workflowStatus(Fields.text(info, "workflow_run_status")),
                        "has_conversation", Boolean.toString(tree.sessionId() != null && !tree.sessionId().isEmpty())),
                        elapsed != null ? elapsed : seconds(workflow), workflow));
            }
            tree.runs().stream().filter(r -> "node".equals(r.type()) && r.isLlm()).forEach(r -> modelCall(points, r, false));
        } else if (task.type() == TraceInfoType.MessageTraceInfo) {
            Run message = tree.root();
            boolean stream = Boolean.TRUE.equals(Fields.bool(info, "is_streaming_request"));
            String mode = Fields.first(Fields.text(info, "conversation_mode"), Fields.text(info, "conversation_model"), "unknown");
            points.add(observe(TRACE_DURATION, "s", "Duration of a trace",
                    Map.of("conversation_mode", mode, "stream", Boolean.toString(stream)), seconds(message), message));
            String workflowRun = Fields.text(message.metadata(), "workflow_run_id");
            if (workflowRun == null || workflowRun.isEmpty()) {
                tree.runs().stream().filter(r -> "llm".equals(r.type())).forEach(r -> modelCall(points, r, stream));
            }
            Run llm = tree.runs().get(tree.runs().size() - 1);
            Map<String, String> labels = modelLabels(llm);
            labels.put("stream", "true");
            Double ttft = Fields.number(info, "gen_ai_server_time_to_first_token");
            if (stream && ttft != null && ttft >= 0) {
                points.add(observe(TIME_TO_FIRST_TOKEN, "s", "Time to first token", labels, ttft, llm));
            }
            Double generate = Fields.number(info, "llm_streaming_time_to_generate");
            if (stream && generate != null && generate >= 0) {
                points.add(observe(TIME_TO_GENERATE, "s", "Time to generate a streamed answer", labels, generate, llm));
            }
        }
        return points;
    }

    private static void modelCall(List<SeriesSnapshot> points, Run call, boolean stream) {
        Map<String, String> labels = modelLabels(call);
        labels.put("stream", Boolean.toString(stream));
        if (call.failed()) {
            labels.put("error.type", "error");
        }
        points.add(observe(OPERATION_DURATION, "s", "Duration of a model call", labels, seconds(call), call));
        if (call.usage() != null) {
            for (String type : List.of("input", "output")) {
                Long tokens = "input".equals(type) ? call.usage().input() : call.usage().output();
                if (tokens != null) {
                    Map<String, String> t = modelLabels(call);
                    t.put("gen_ai.token.type", type);
                    t.put("server.address", call.modelProvider() == null ? "unknown" : call.modelProvider());
                    points.add(observe(TOKEN_USAGE, "{token}", "Tokens of a model call", t, tokens, call));
                }
            }
        }
    }

    private static Map<String, String> modelLabels(Run call) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("gen_ai.operation.name", TencentSpans.operation(call));
        labels.put("gen_ai.provider.name", call.modelProvider() == null ? "unknown" : call.modelProvider());
        labels.put("gen_ai.request.model", call.model() == null ? "unknown" : call.model());
        return labels;
    }

    static String workflowStatus(String status) {
        return status != null && WORKFLOW_STATUSES.contains(status) ? status : "unknown";
    }

    private static SeriesSnapshot observe(String name, String unit, String description, Map<String, String> labels,
                                          double value, Run run) {
        return SeriesSnapshot.observation(name, unit, description, labels, value, BOUNDS, Timestamps.nanos(run.start()));
    }

    private static double seconds(Run run) {
        Instant start = run.start();
        Instant end = run.end();
        return Duration.between(start, end).toNanos() / 1e9;
    }
}
