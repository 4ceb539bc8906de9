package org.tracerelay.export.tencent;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * A task's runs as Tencent APM's GenAI spans (dify-providers §2.7, §5.4): {@code gen_ai.span.kind}
 * WORKFLOW / GENERATION / RETRIEVER / TOOL / TASK, {@code gen_ai.is_entry} on the span that
 * opens the trace, entity input and output, model and usage on LLM calls; an LLM call is named
 * {@code GENERATION}. Workflows (with their nodes), messages, tool calls, retrievals and
 * suggested questions are traced; moderation, conversation names, prompt generations and single
 * node executions are not, as in Dify. Ids are the contract's, so a resent batch repeats them.
 */
final class TencentSpans {

    static final String GENERATION = "GENERATION";

    private TencentSpans() {
    }

    /** What Dify's Tencent integration traces; the other payload types are nothing to send. */
    static boolean traced(TaskEnvelope task) {
        return switch (task.type()) {
            case WorkflowTraceInfo, MessageTraceInfo, ToolTraceInfo, DatasetRetrievalTraceInfo, SuggestedQuestionTraceInfo -> true;
            default -> false;
        };
    }

    static List<SpanRecord> of(TaskEnvelope task, RunTree tree) {
        List<SpanRecord> spans = new ArrayList<>();
        byte[] traceId = TraceIds.traceId(tree.traceId());
        JsonObject info = task.traceInfo();
        for (Run run : tree.runs()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("gen_ai.span.kind", kind(run));
            a.put("gen_ai.framework", "dify");
            if (run.parentId() == null && tree.ownsTrace()) {
                a.put("gen_ai.is_entry", "true");
            }
            putIf(a, "gen_ai.session.id", tree.sessionId());
            putIf(a, "gen_ai.user.id", tree.userId());
            putIf(a, "dify.app_id", Fields.first(Fields.text(run.metadata(), "app_id"), task.appId()));
            RedactionAttributes.put(a, run.metadata());
            putIf(a, "gen_ai.entity.input", text(run.inputs()));
            putIf(a, "gen_ai.entity.output", text(run.outputs()));
            if (run.isLlm()) {
                llm(a, run, info);
            }
            if (run.isTool()) {
                a.put("tool.name", run.name());
                putIf(a, "tool.description", text(run.metadata().get("tool_config")));
                putIf(a, "tool.parameters", text(run.metadata().get("tool_parameters")));
            }
            if (run.isRetrieval()) {
                putIf(a, "retrieval.query", text(run.inputs()));
                JsonValue out = run.outputs();
                putIf(a, "retrieval.document", text(out instanceof JsonObject o && o.containsKey("documents") ? o.get("documents") : out));
            }
            spans.add(new SpanRecord(traceId, TraceIds.spanId(run.id()),
                    run.parentId() == null ? null : TraceIds.spanId(run.parentId()), name(run),
                    Timestamps.nanos(run.start()), Timestamps.nanos(run.end()), a, run.failed() ? run.error() : null));
        }
        return spans;
    }

    private static void llm(Map<String, Object> a, Run run, JsonObject info) {
        a.put("gen_ai.operation.name", operation(run));
        putIf(a, "gen_ai.system", run.modelProvider());
        putIf(a, "gen_ai.provider.name", run.modelProvider());
        putIf(a, "gen_ai.request.model", run.model());
        putIf(a, "gen_ai.response.model", run.model());
        if (run.usage() != null) {
            putIf(a, "gen_ai.usage.input_tokens", run.usage().input());
            putIf(a, "gen_ai.usage.output_tokens", run.usage().output());
            putIf(a, "gen_ai.usage.total_tokens", run.usage().total());
        }
        putIf(a, "gen_ai.prompt", text(run.inputs()));
        putIf(a, "gen_ai.completion", text(run.outputs()));
        if ("llm".equals(run.type())) {
            // The message's model call carries the streaming timings Dify measured (seconds).
            if (Boolean.TRUE.equals(Fields.bool(info, "is_streaming_request"))) {
                a.put("llm.is_streaming", "true");
            }
            putIf(a, "gen_ai.server.time_to_first_token", Fields.number(info, "gen_ai_server_time_to_first_token"));
            putIf(a, "gen_ai.streaming.time_to_generate", Fields.number(info, "llm_streaming_time_to_generate"));
        }
    }

    /** Dify's rule: GENERATION for a model call, WORKFLOW for a workflow or message, else by what it does. */
    static String kind(Run run) {
        if (run.isLlm()) {
            return GENERATION;
        }
        if (run.isRetrieval()) {
            return "RETRIEVER";
        }
        if (run.isTool()) {
            return "TOOL";
        }
        if ("agent".equals(run.nodeType())) {
            return "AGENT";
        }
        if ("workflow".equals(run.type()) || "message".equals(run.type())) {
            return "WORKFLOW";
        }
        return "TASK";
    }

    static String name(Run run) {
        return run.isLlm() ? GENERATION : run.name();
    }

    /** The model mode (chat, completion) of the call, "chat" when Dify did not say. */
    static String operation(Run run) {
        return Fields.first(Fields.text(run.metadata(), "model_mode"), "chat");
    }

    /** A string as itself, anything else as JSON text; nothing for null. */
    static String text(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    private static void putIf(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }
}
