package org.tracerelay.export.enterprise;

import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.task.Fields;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;

/** Conversation naming (§8.2.6) and prompt generation (§8.2.7). */
final class GenerationTelemetry {

    private GenerationTelemetry() {
    }

    static void generateName(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String conversationId = Fields.first(Fields.text(info, "conversation_id"),
                Fields.text(Fields.object(info, "metadata"), "conversation_id"));
        String error = nonEmpty(Fields.text(info, "error"));
        LogAttributes log = new LogAttributes("dify.generate_name.execution", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", Context.tenant(task))
                .put("dify.app_id", Context.app(task))
                .put("dify.conversation.id", conversationId)
                .put("dify.generate_name.duration", Fields.seconds(info))
                .put("dify.generate_name.status", Fields.status(error))
                .put("dify.generate_name.error", error)
                .put("dify.generate_name.inputs", gate.apply(Fields.json(info, "inputs"), "conversation_id", conversationId))
                .put("dify.generate_name.outputs", gate.apply(Fields.json(info, "outputs"), "conversation_id", conversationId));
        String source = Fields.first(conversationId, task.taskId());
        out.logs().add(new TelemetryLog("dify.generate_name.execution", TelemetryLog.METRIC_ONLY,
                TraceIds.traceId(source), TraceIds.spanId(source), Fields.eventNanos(info, receivedAt), log.build()));
        out.measurements().add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "generate_name",
                "tenant_id", Context.tenant(task), "app_id", Context.app(task)));
    }

    static void promptGeneration(TaskEnvelope task, Instant receivedAt, ContentGate gate, TaskTelemetry out) {
        JsonObject info = task.traceInfo();
        String tenant = Context.tenant(task);
        String app = Context.app(task);
        String operation = Fields.text(info, "operation_type");
        String provider = Fields.text(info, "model_provider");
        String model = Fields.text(info, "model_name");
        String error = nonEmpty(Fields.text(info, "error"));
        String status = Fields.status(error);
        Double latency = Fields.number(info, "latency");
        Long input = Fields.integer(info, "prompt_tokens");
        Long output = Fields.integer(info, "completion_tokens");
        Long total = Fields.integer(info, "total_tokens");
        String traceId = traceCorrelation(task);
        LogAttributes log = new LogAttributes("dify.prompt_generation.execution", TelemetryLog.METRIC_ONLY)
                .put("tenant_id", tenant)
                .put("dify.app_id", app)
                .put("dify.prompt_generation.operation_type", operation)
                .put("gen_ai.provider.name", provider)
                .put("gen_ai.request.model", model)
                .put("gen_ai.usage.input_tokens", input)
                .put("gen_ai.usage.output_tokens", output)
                .put("gen_ai.usage.total_tokens", total)
                .put("dify.prompt_generation.duration", latency)
                .put("dify.prompt_generation.status", status)
                .put("dify.prompt_generation.error", error)
                .put("dify.prompt_generation.instruction", gate.apply(Fields.json(info, "instruction"), "trace_id", traceId))
                .put("dify.prompt_generation.output", gate.apply(
                        Fields.first(Fields.json(info, "outputs"), Fields.json(info, "generated_output")), "trace_id", traceId));
        out.logs().add(new TelemetryLog("dify.prompt_generation.execution", TelemetryLog.METRIC_ONLY,
                TraceIds.traceId(traceId), TraceIds.spanId(task.taskId()), Fields.eventNanos(info, receivedAt), log.build()));
        List<Measurement> m = out.measurements();
        Tokens.add(m, tenant, app, operation, provider, model, null, total, input, output);
        m.add(Measurement.of(Instrument.REQUESTS_TOTAL, 1, "type", "prompt_generation", "tenant_id", tenant,
                "app_id", app, "operation_type", operation, "model_provider", provider, "model_name", model,
                "status", status));
        if (latency != null) {
            m.add(Measurement.of(Instrument.PROMPT_GENERATION_DURATION, latency, "tenant_id", tenant, "app_id", app,
                    "operation_type", operation, "model_provider", provider, "model_name", model));
        }
        if (error != null) {
            m.add(Measurement.of(Instrument.ERRORS_TOTAL, 1, "type", "prompt_generation", "tenant_id", tenant,
                    "app_id", app, "operation_type", operation, "model_provider", provider, "model_name", model));
        }
    }

    /** The external trace id when the caller gave one, else the task's own id. */
    private static String traceCorrelation(TaskEnvelope task) {
        String external = Fields.text(task.traceInfo(), "trace_id");
        return RequestContext.isValidTraceId(external) ? external : task.taskId();
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
