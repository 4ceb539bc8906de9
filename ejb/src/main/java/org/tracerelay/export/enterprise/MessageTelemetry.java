package org.tracerelay.export.enterprise;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/**
 * The message and what happens around it (§8.2.1-8.2.5): message, tool, moderation, suggested
 * questions and dataset retrieval, each one standalone {@code metric_only} log plus metrics.
 * Their logs carry the trace of the message's workflow run (or the message) and the message's span id.
 */
final class MessageTelemetry {

    private MessageTelemetry() {
    }

    static void message(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        JsonObject meta = Fields.object(info, "metadata");
        String messageId = Fields.text(info, "message_id");
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        String provider = Fields.text(meta, "ls_provider");
        String model = Fields.text(meta, "ls_model_name");
        String error = nonEmpty(Fields.text(info, "error"));
        boolean failed = error != null || "error".equals(Fields.text(meta, "status"));
        String status = failed ? "failed" : "succeeded";
        String invokeFrom = Fields.text(meta, "from_source");
        Double duration = Fields.seconds(info);
        Double ttft = Fields.number(info, "gen_ai_server_time_to_first_token");
        Long input = Fields.integer(info, "message_tokens");
        Long output = Fields.integer(info, "answer_tokens");
        Long total = Fields.integer(info, "total_tokens");
        LogAttributes log = new LogAttributes("dify.message.run", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("user_id", Fields.text(meta, "user_id"))
                .put("dify.app_id", app)
                .put("dify.message.id", messageId)
                .put("dify.conversation.id", Fields.first(Fields.text(meta, "conversation_id"), Fields.text(info, "conversation_id")))
                .put("dify.workflow.run_id", Fields.first(Fields.text(meta, "workflow_run_id"), Fields.text(info, "workflow_run_id")))
                .put("dify.invoke_from", invokeFrom)
                .put("gen_ai.provider.name", provider)
                .put("gen_ai.request.model", model)
                .put("gen_ai.usage.input_tokens", input)
                .put("gen_ai.usage.output_tokens", output)
                .put("gen_ai.usage.total_tokens", total)
                .put("dify.message.status", status)
                .put("dify.message.error", error)
                .put("dify.message.duration", duration)
                .put("dify.message.time_to_first_token", ttft)
                .put("dify.message.inputs", gate.apply(Fields.json(info, "inputs"), "message_id", messageId))
                .put("dify.message.outputs", gate.apply(Fields.json(info, "outputs"), "message_id", messageId));
        out.logs().add(log(task, "dify.message.run", info, receivedAt, log));
        List<Measurement> m = out.measurements();
        Tokens.add(m, tenant, app, "message", provider, model, null, total, input, output);
        m.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "message", "tenant_id", tenant, "app_id", app,
                "model_provider", provider, "model_name", model, "status", status, "invoke_from", invokeFrom));
        if (duration != null) {
            m.add(Measurement.of(Instrument.MESSAGE_DURATION, duration, "tenant_id", tenant, "app_id", app,
                    "model_provider", provider, "model_name", model));
        }
        if (ttft != null) {
            m.add(Measurement.of(Instrument.MESSAGE_TIME_TO_FIRST_TOKEN, ttft, "tenant_id", tenant, "app_id", app,
                    "model_provider", provider, "model_name", model));
        }
        if (failed) {
            m.add(Measurement.of(Instrument.ERRORS_TOTAL, 1, "type", "message", "tenant_id", tenant, "app_id", app,
                    "model_provider", provider, "model_name", model));
        }
    }

    static void tool(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String messageId = Fields.text(info, "message_id");
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        String toolName = Fields.text(info, "tool_name");
        String error = nonEmpty(Fields.text(info, "error"));
        Double duration = Fields.number(info, "time_cost");
        LogAttributes log = new LogAttributes("dify.tool.execution", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("dify.app_id", app)
                .put("dify.message.id", messageId)
                .put("dify.tool.name", toolName)
                .put("dify.tool.duration", duration)
                .put("dify.tool.status", Fields.status(error))
                .put("dify.tool.error", error)
                .put("dify.tool.inputs", gate.apply(Fields.json(info, "tool_inputs"), "message_id", messageId))
                .put("dify.tool.outputs", gate.apply(Fields.json(info, "tool_outputs"), "message_id", messageId))
                .put("dify.tool.parameters", gate.apply(Fields.json(info, "tool_parameters"), "message_id", messageId))
                .put("dify.tool.config", gate.apply(Fields.json(info, "tool_config"), "message_id", messageId));
        out.logs().add(log(task, "dify.tool.execution", info, receivedAt, log));
        List<Measurement> m = out.measurements();
        m.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "tool", "tenant_id", tenant, "app_id", app,
                "tool_name", toolName));
        if (duration != null) {
            m.add(Measurement.of(Instrument.TOOL_DURATION, duration, "tenant_id", tenant, "app_id", app,
                    "tool_name", toolName));
        }
        if (error != null) {
            m.add(Measurement.of(Instrument.ERRORS_TOTAL, 1, "type", "tool", "tenant_id", tenant, "app_id", app,
                    "tool_name", toolName));
        }
    }

    static void moderation(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        JsonObject meta = Fields.object(info, "metadata");
        String messageId = Fields.text(info, "message_id");
        LogAttributes log = new LogAttributes("dify.moderation.check", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", Context.tenant(task))
                .put("dify.app_id", Context.app(task))
                .put("dify.message.id", messageId)
                .put("dify.moderation.type", Fields.first(Fields.text(info, "moderation_type"), Fields.text(meta, "moderation_type")))
                .put("dify.moderation.action", Fields.text(info, "action"))
                .put("dify.moderation.flagged", Fields.bool(info, "flagged"))
                .put("dify.moderation.categories", Fields.first(Fields.json(info, "categories"), Fields.json(meta, "categories")))
                .put("dify.moderation.query", gate.apply(Fields.json(info, "query"), "message_id", messageId));
        out.logs().add(log(task, "dify.moderation.check", info, receivedAt, log));
        out.measurements().add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "moderation",
                "tenant_id", Context.tenant(task), "app_id", Context.app(task)));
    }

    static void suggestedQuestion(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String messageId = Fields.text(info, "message_id");
        String error = nonEmpty(Fields.text(info, "error"));
        JsonValue questions = info.get("suggested_question");
        LogAttributes log = new LogAttributes("dify.suggested_question.generation", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", Context.tenant(task))
                .put("dify.app_id", Context.app(task))
                .put("dify.message.id", messageId)
                .put("dify.suggested_question.count", questions instanceof JsonArray a ? (long) a.size() : 0L)
                .put("dify.suggested_question.duration", Fields.seconds(info))
                .put("dify.suggested_question.status", Fields.status(error))
                .put("dify.suggested_question.error", error)
                .put("dify.suggested_question.questions", gate.apply(Fields.json(questions), "message_id", messageId));
        out.logs().add(log(task, "dify.suggested_question.generation", info, receivedAt, log));
        out.measurements().add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "suggested_question",
                "tenant_id", Context.tenant(task), "app_id", Context.app(task)));
    }

    static void datasetRetrieval(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String messageId = Fields.text(info, "message_id");
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        String error = nonEmpty(Fields.text(info, "error"));
        JsonValue docsValue = info.get("documents");
        List<JsonValue> docs = docsValue instanceof JsonArray a ? a : List.of();
        Set<String> datasetIds = new LinkedHashSet<>();
        Set<String> datasetNames = new LinkedHashSet<>();
        JsonArrayBuilder summary = Jsonp.createArrayBuilder();
        for (JsonValue d : docs) {
            if (!(d instanceof JsonObject doc)) {
                continue;
            }
            JsonObject meta = Fields.object(doc, "metadata");
            String datasetId = Fields.first(Fields.text(meta, "dataset_id"), Fields.text(doc, "dataset_id"));
            addIfPresent(datasetIds, datasetId);
            addIfPresent(datasetNames, Fields.first(Fields.text(meta, "dataset_name"), Fields.text(doc, "dataset_name")));
            summary.add(documentSummary(doc, meta, datasetId));
        }
        LogAttributes log = new LogAttributes("dify.dataset.retrieval", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("dify.app_id", app)
                .put("dify.message.id", messageId)
                .put("dify.dataset.id", oneOrList(datasetIds))
                .put("dify.dataset.name", oneOrList(datasetNames))
                .put("dify.retrieval.query", gate.apply(Fields.json(info, "inputs"), "message_id", messageId))
                .put("dify.retrieval.document_count", (long) docs.size())
                .put("dify.retrieval.duration", Fields.seconds(info))
                .put("dify.retrieval.status", Fields.status(error))
                .put("dify.retrieval.error", error)
                .put("dify.dataset.documents", gate.apply(summary.build().toString(), "message_id", messageId));
        out.logs().add(log(task, "dify.dataset.retrieval", info, receivedAt, log));
        out.measurements().add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "dataset_retrieval",
                "tenant_id", tenant, "app_id", app));
        for (String datasetId : datasetIds) {
            out.measurements().add(Measurement.of(Instrument.DATASET_RETRIEVALS_TOTAL, 1, "tenant_id", tenant,
                    "app_id", app, "dataset_id", datasetId));
        }
    }

    private static JsonObject documentSummary(JsonObject doc, JsonObject meta, String datasetId) {
        var b = Jsonp.createObjectBuilder();
        b.add("dataset_id", datasetId == null ? JsonValue.NULL : Jsonp.createValue(datasetId));
        String documentId = Fields.first(Fields.text(meta, "document_id"), Fields.text(doc, "document_id"));
        String segmentId = Fields.first(Fields.text(meta, "segment_id"), Fields.text(meta, "doc_id"), Fields.text(doc, "segment_id"));
        b.add("document_id", documentId == null ? JsonValue.NULL : Jsonp.createValue(documentId));
        b.add("segment_id", segmentId == null ? JsonValue.NULL : Jsonp.createValue(segmentId));
        Double score = Fields.number(meta, "score") != null ? Fields.number(meta, "score") : Fields.number(doc, "score");
        b.add("score", score == null ? JsonValue.NULL : Jsonp.createValue(score));
        return b.build();
    }

    /** The log record of a message-scoped event: trace of its workflow run or message, span of the message. */
    private static TelemetryLog log(TaskEnvelope task, String event, JsonObject info, Instant receivedAt,
                                    LogAttributes attributes) {
        JsonObject meta = Fields.object(info, "metadata");
        String messageId = Fields.text(info, "message_id");
        String traceSource = Fields.first(Fields.text(meta, "workflow_run_id"), Fields.text(info, "workflow_run_id"), messageId);
        return new TelemetryLog(event, TelemetryLog.METRIC_ONLY,
                traceSource == null ? null : TraceIds.traceId(traceSource),
                messageId == null ? null : TraceIds.spanId(messageId),
                Fields.eventNanos(info, receivedAt), attributes.build());
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null && !value.isEmpty()) {
            set.add(value);
        }
    }

    private static String oneOrList(Set<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() == 1) {
            return values.iterator().next();
        }
        JsonArrayBuilder b = Jsonp.createArrayBuilder();
        values.forEach(b::add);
        return b.build().toString();
    }
}
