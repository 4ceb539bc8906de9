package org.tracerelay.export.databricks;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.export.span.MlflowRunSpans;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * One task as one Databricks MLflow trace: the trace info for {@code POST api/3.0/mlflow/traces}
 * and the spans document uploaded to the signed URL. A Databricks trace's spans are one upload
 * that a second upload replaces, so every task is its own trace (a message and the workflow that
 * answered it would otherwise overwrite each other). Its id {@code tr-<32 hex>} comes from the
 * task (see {@link #traceId}), so a retried delivery names the same trace and never creates a second one; the Dify
 * trace it belongs to is in the metadata {@code dify.trace_id}.
 */
record DatabricksTrace(String id, String clientRequestId, JsonObject info, JsonObject spans) {

    static final String REQUEST_ID = "mlflow.traceRequestId";
    /** Databricks keeps previews up to 10,000 characters and metadata values up to 250. */
    static final int MAX_PREVIEW = 10_000;
    static final int MAX_METADATA = 250;

    static DatabricksTrace of(TaskEnvelope task, RunTree tree, String experimentId) {
        byte[] traceId = traceId(task);
        String id = "tr-" + TraceIds.hex(traceId);
        List<SpanRecord> records = MlflowRunSpans.of(tree, traceId);
        return new DatabricksTrace(id, task.taskId(), info(id, task, tree, experimentId), spans(id, records));
    }

    /**
     * Hashed from tenant, app and task id: task ids are unique per tenant only, and two apps
     * writing to one experiment must never meet on a trace id (the second would replace the
     * first one's spans).
     */
    static byte[] traceId(TaskEnvelope task) {
        return TraceIds.traceId("databricks:" + task.tenantId() + ":" + task.appId() + ":" + task.taskId());
    }

    byte[] infoBody() {
        return Jsonp.createObjectBuilder().add("trace", Jsonp.createObjectBuilder().add("trace_info", info)).build()
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] spansBody() {
        return spans.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject info(String id, TaskEnvelope task, RunTree tree, String experimentId) {
        Run root = tree.root();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("mlflow.trace_schema.version", "3");
        metadata.put("mlflow.trace.user", tree.userId());
        metadata.put("mlflow.trace.session", tree.sessionId());
        metadata.put("dify.trace_id", tree.traceId());
        metadata.put("dify.trace_info_type", task.type().name());
        metadata.put("dify.app_id", task.appId());
        metadata.put("dify.tenant_id", task.tenantId());
        // what Databricks' trace list shows, as mlflow-tracing sets them: the trace's tokens and its request and response
        metadata.put("mlflow.trace.tokenUsage", tokenUsage(tree));
        metadata.put("mlflow.traceInputs", preview(root.inputs()));
        metadata.put("mlflow.traceOutputs", preview(root.outputs()));
        JsonObjectBuilder meta = Jsonp.createObjectBuilder();
        metadata.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                meta.add(k, clip(v, MAX_METADATA));
            }
        });
        String name = tree.name() == null ? root.name() : tree.name();
        return Jsonp.createObjectBuilder()
                .add("trace_id", id)
                .add("client_request_id", task.taskId())
                .add("trace_location", Jsonp.createObjectBuilder().add("type", "MLFLOW_EXPERIMENT")
                        .add("mlflow_experiment", Jsonp.createObjectBuilder().add("experiment_id", experimentId)))
                // MLflow times a trace by its root span
                .add("request_time", root.start().toString())
                .add("execution_duration", seconds(Timestamps.nanos(root.end()) - Timestamps.nanos(root.start())))
                .add("state", root.failed() ? "ERROR" : "OK")
                .add("request_preview", preview(root.inputs()))
                .add("response_preview", preview(root.outputs()))
                .add("trace_metadata", meta)
                .add("tags", Jsonp.createObjectBuilder().add("mlflow.traceName", clip(name, MAX_METADATA)))
                .build();
    }

    /**
     * The spans in MLflow's span document form (ids base64 as in OTLP/JSON, attribute values
     * JSON text). A parent outside this trace (the message of a tool call, the tool node of a
     * nested workflow) lives in another Databricks trace, so that span becomes this trace's root.
     */
    private static JsonObject spans(String id, List<SpanRecord> records) {
        Set<String> here = new HashSet<>();
        records.forEach(s -> here.add(TraceIds.hex(s.spanId())));
        var array = Jsonp.createArrayBuilder();
        String requestId = Jsonp.createValue(id).toString();
        for (SpanRecord s : records) {
            boolean parentHere = s.parentSpanId() != null && here.contains(TraceIds.hex(s.parentSpanId()));
            JsonObjectBuilder attributes = Jsonp.createObjectBuilder().add(REQUEST_ID, requestId);
            s.attributes().forEach((k, v) -> {
                // user and session are the trace's metadata here; span attributes must all be JSON text
                if (!k.equals(MlflowRunSpans.SESSION_ID) && !k.equals(MlflowRunSpans.USER_ID)) {
                    attributes.add(k, String.valueOf(v));
                }
            });
            var events = Jsonp.createArrayBuilder();
            if (s.errorMessage() != null) {
                events.add(Jsonp.createObjectBuilder().add("name", "exception").add("time_unix_nano", s.endEpochNanos())
                        .add("attributes", Jsonp.createObjectBuilder()
                                .add("exception.message", Jsonp.createValue(s.errorMessage()).toString())));
            }
            array.add(Jsonp.createObjectBuilder()
                    .add("trace_id", base64(s.traceId()))
                    .add("span_id", base64(s.spanId()))
                    .add("trace_state", "")
                    .add("parent_span_id", parentHere ? Jsonp.createValue(base64(s.parentSpanId())) : JsonValue.NULL)
                    .add("name", s.name())
                    .add("start_time_unix_nano", s.startEpochNanos())
                    .add("end_time_unix_nano", s.endEpochNanos())
                    .add("attributes", attributes)
                    .add("status", Jsonp.createObjectBuilder()
                            .add("code", s.errorMessage() == null ? "STATUS_CODE_OK" : "STATUS_CODE_ERROR")
                            .add("message", s.errorMessage() == null ? "" : s.errorMessage()))
                    .add("events", events)
                    .add("links", Jsonp.createArrayBuilder()));
        }
        return Jsonp.createObjectBuilder().add("spans", array).build();
    }

    /** The LLM calls' tokens added up, MLflow's {@code mlflow.trace.tokenUsage}; null without any. */
    static String tokenUsage(RunTree tree) {
        long[] t = new long[3];
        boolean any = false;
        for (Run run : tree.runs()) {
            if (run.isLlm() && run.usage() != null && "TOKENS".equals(run.usage().unit())) {
                any = true;
                t[0] += run.usage().input() == null ? 0 : run.usage().input();
                t[1] += run.usage().output() == null ? 0 : run.usage().output();
                t[2] += run.usage().total() == null ? 0 : run.usage().total();
            }
        }
        return any ? Jsonp.createObjectBuilder().add("input_tokens", t[0]).add("output_tokens", t[1]).add("total_tokens", t[2])
                .build().toString() : null;
    }

    /** A protobuf Duration in JSON: seconds with a fraction, e.g. {@code 2.45s}. */
    static String seconds(long nanos) {
        return BigDecimal.valueOf(Math.max(0, nanos), 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static String preview(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return "";
        }
        return clip(v instanceof JsonString s ? s.getString() : v.toString(), MAX_PREVIEW);
    }

    private static String clip(String v, int max) {
        return v.length() <= max ? v : v.substring(0, max - 3) + "...";
    }

    private static String base64(byte[] id) {
        return Base64.getEncoder().encodeToString(id);
    }
}
