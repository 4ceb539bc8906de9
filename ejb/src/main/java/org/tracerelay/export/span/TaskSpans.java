package org.tracerelay.export.span;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.tracerelay.task.Fields;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * Spans for any task: workflow types per the data dictionary, every other type as one span named
 * after its trace task name, carrying its trace_info fields as {@code dify.<field>} attributes.
 */
public final class TaskSpans {

    private TaskSpans() {
    }

    public static List<SpanRecord> of(TaskEnvelope task, Instant receivedAt) {
        if (WorkflowSpans.handles(task.type())) {
            return WorkflowSpans.of(task, receivedAt);
        }
        JsonObject info = task.traceInfo();
        String correlation = correlation(task, info);
        Attributes a = new Attributes()
                .put("dify.trace_info_type", task.type().name())
                .put("dify.trace_id", correlation)
                .put("dify.app_id", task.appId())
                .put("dify.tenant_id", task.tenantId());
        for (Map.Entry<String, JsonValue> field : info.entrySet()) {
            if (field.getKey().equals("metadata") && field.getValue() instanceof JsonObject meta) {
                meta.forEach((k, v) -> a.put("dify.metadata." + k, Attributes.scalar(v)));
            } else {
                a.put("dify." + field.getKey(), Attributes.scalar(field.getValue()));
            }
        }
        long[] window = Timestamps.window(Fields.text(info, "start_time"), Fields.text(info, "end_time"), receivedAt);
        String error = Fields.text(info, "error");
        return List.of(new SpanRecord(TraceIds.traceId(correlation), TraceIds.spanId(task.taskId()), null,
                task.type().taskName(), window[0], window[1], a.build(),
                error == null || error.isEmpty() ? null : error));
    }

    /** Dify's resolved_trace_id: external trace id, else workflow_run_id, else message_id, else the task. */
    static String correlation(TaskEnvelope task, JsonObject info) {
        String external = Fields.text(info, "trace_id");
        if (RequestContext.isValidTraceId(external)) {
            return external;
        }
        return Fields.first(Fields.text(info, "workflow_run_id"), Fields.text(info, "message_id"),
                task.taskId());
    }
}
