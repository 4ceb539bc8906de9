package org.tracerelay.export.enterprise;

import jakarta.json.JsonObject;
import java.time.Instant;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;
import org.tracerelay.task.TraceInfoType;

/** App lifecycle and feedback events (§8.2.8-8.2.11) and the rehydration diagnostic (§8.2.12). */
public final class LifecycleTelemetry {

    private LifecycleTelemetry() {
    }

    static void appEvent(TaskEnvelope task, Instant receivedAt, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String action = Fields.text(info, "action");
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        String event = "dify.app." + action;
        LogAttributes log = new LogAttributes(event, TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("dify.app_id", app)
                .putIf("created".equals(action), "dify.app.mode", Fields.text(info, "mode"))
                .put("dify.app." + action + "_at", Fields.text(info, "timestamp"));
        out.logs().add(new TelemetryLog(event, TelemetryLog.METRIC_ONLY, null, null,
                nanos(Fields.time(info, "timestamp"), receivedAt), log.build()));
        switch (action) {
            case "created" -> out.measurements().add(Measurement.of(Instrument.APP_CREATED_TOTAL, 1,
                    "tenant_id", tenant, "app_id", app, "mode", Fields.text(info, "mode")));
            case "updated" -> out.measurements().add(Measurement.of(Instrument.APP_UPDATED_TOTAL, 1,
                    "tenant_id", tenant, "app_id", app));
            case "deleted" -> out.measurements().add(Measurement.of(Instrument.APP_DELETED_TOTAL, 1,
                    "tenant_id", tenant, "app_id", app));
            default -> throw new IllegalArgumentException("app action " + action);
        }
    }

    static void feedback(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String messageId = Fields.text(info, "message_id");
        String rating = Fields.text(info, "rating");
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        // Feedback text has no id to point at, so excluded content drops it instead of a ref (§9).
        LogAttributes log = new LogAttributes("dify.feedback.created", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("dify.app_id", app)
                .put("dify.message.id", messageId)
                .put("dify.feedback.rating", rating)
                .putIf(gate.includeContent(), "dify.feedback.content", Fields.json(info, "content"))
                .put("dify.feedback.created_at", Fields.text(info, "created_at"));
        out.logs().add(new TelemetryLog("dify.feedback.created", TelemetryLog.METRIC_ONLY,
                messageId == null ? null : TraceIds.traceId(messageId), messageId == null ? null : TraceIds.spanId(messageId),
                nanos(Fields.time(info, "created_at"), receivedAt), log.build()));
        out.measurements().add(Measurement.of(Instrument.FEEDBACK_TOTAL, 1, "tenant_id", tenant, "app_id", app,
                "rating", rating));
    }

    /** The diagnostic for a stored task that could not be loaded, opened or parsed. */
    public static TelemetryLog rehydrationFailed(String tenantId, String error, TraceInfoType type, String correlationId,
                                                 Instant now) {
        LogAttributes log = new LogAttributes("dify.telemetry.rehydration_failed", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenantId)
                .put("dify.telemetry.error", error)
                .put("dify.telemetry.payload_type", type == null ? "unknown" : payloadType(type))
                .put("dify.telemetry.correlation_id", correlationId);
        return new TelemetryLog("dify.telemetry.rehydration_failed", TelemetryLog.METRIC_ONLY, null, null,
                Timestamps.nanos(now), log.build());
    }

    static String payloadType(TraceInfoType type) {
        return switch (type) {
            case WorkflowTraceInfo -> "workflow";
            case WorkflowNodeTraceInfo -> "node";
            case DraftNodeExecutionTrace -> "draft_node";
            case MessageTraceInfo -> "message";
            case ModerationTraceInfo -> "moderation";
            case SuggestedQuestionTraceInfo -> "suggested_question";
            case DatasetRetrievalTraceInfo -> "dataset_retrieval";
            case ToolTraceInfo -> "tool";
            case GenerateNameTraceInfo -> "generate_name";
            case PromptGenerationTraceInfo -> "prompt_generation";
            case AppLifecycleEvent -> "app";
            case FeedbackEvent -> "feedback";
        };
    }

    private static long nanos(Instant at, Instant fallback) {
        return Timestamps.nanos(at != null ? at : fallback);
    }
}
