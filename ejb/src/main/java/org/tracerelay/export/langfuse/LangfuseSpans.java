package org.tracerelay.export.langfuse;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;
import org.tracerelay.task.Timestamps;

/**
 * A task's runs as the OpenTelemetry spans Langfuse v4 ingests, with the attributes its SDK sets
 * (langfuse SDK 5.x, {@code langfuse/_client/attributes.py}): every run is an observation of type
 * generation, tool, retriever, guardrail or span, with its model, usage and cost details, JSON
 * input, output and per-key metadata; v4 has no trace object, so the root observation carries the
 * trace's input and output, and every span carries the trace-level name, user, session, tags and
 * metadata. The trace id is the 16 bytes of the Dify trace id when it is a UUID, else the first 16
 * bytes of its SHA-256, which is Langfuse's own {@code create_trace_id(seed)}; span ids derive from
 * run ids, so a resend repeats every id.
 */
final class LangfuseSpans {

    static final String TYPE = "langfuse.observation.type";

    private LangfuseSpans() {
    }

    static List<SpanRecord> of(RunTree tree) {
        List<SpanRecord> spans = new ArrayList<>();
        if (tree.isEmpty()) {
            return spans;
        }
        byte[] traceId = TraceIds.traceId(tree.traceId());
        Map<String, Object> traceLevel = traceAttributes(tree);
        Run root = tree.root();
        for (Run run : tree.runs()) {
            boolean traceRoot = tree.ownsTrace() && run == root;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put(TYPE, type(run));
            putJson(a, "langfuse.observation.input", traceRoot && tree.input() != JsonValue.NULL ? tree.input() : run.inputs());
            putJson(a, "langfuse.observation.output", traceRoot && tree.output() != JsonValue.NULL ? tree.output() : run.outputs());
            if (run.failed()) {
                a.put("langfuse.observation.level", "ERROR");
                a.put("langfuse.observation.status_message", run.error());
            }
            if (isGeneration(run)) {
                putIf(a, "langfuse.observation.model.name", run.model());
                usage(a, run);
            }
            metadata(a, "langfuse.observation.metadata", run.metadata());
            a.putAll(traceLevel);
            spans.add(new SpanRecord(traceId, TraceIds.spanId(run.id()),
                    run.parentId() == null ? null : TraceIds.spanId(run.parentId()), run.name(),
                    Timestamps.nanos(run.start()), Timestamps.nanos(run.end()), a, run.failed() ? run.error() : null));
        }
        return spans;
    }

    /** What the SDK's propagate_attributes puts on every span of a trace. */
    private static Map<String, Object> traceAttributes(RunTree tree) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (tree.ownsTrace()) {
            putIf(a, "langfuse.trace.name", tree.name());
            putIf(a, "langfuse.version", Fields.text(tree.metadata(), "version"));
            metadata(a, "langfuse.trace.metadata", tree.metadata());
        }
        putIf(a, "user.id", tree.userId());
        putIf(a, "session.id", tree.sessionId());
        if (!tree.tags().isEmpty()) {
            a.put("langfuse.trace.tags", List.copyOf(tree.tags()));
        }
        return a;
    }

    static boolean isGeneration(Run run) {
        return run.isLlm() || "suggested_question".equals(run.type());
    }

    static String type(Run run) {
        if (isGeneration(run)) {
            return "generation";
        }
        if (run.isTool()) {
            return "tool";
        }
        if (run.isRetrieval()) {
            return "retriever";
        }
        return "moderation".equals(run.type()) ? "guardrail" : "span";
    }

    /** Usage and cost details as the SDK serializes them: JSON objects of numbers (v4's usage details have no unit). */
    private static void usage(Map<String, Object> a, Run run) {
        var counts = LangfuseEvents.counts(run);
        if (counts != null) {
            a.put("langfuse.observation.usage_details", counts.build().toString());
        }
        if (run.usage() != null && run.usage().totalCost() != null) {
            a.put("langfuse.observation.cost_details", Jsonp.createObjectBuilder().add("total", run.usage().totalCost()).build().toString());
        }
    }

    /** One attribute per key, each value JSON-encoded (strings too), as SDK 5.x flattens metadata. */
    private static void metadata(Map<String, Object> a, String prefix, JsonObject metadata) {
        if (metadata == null) {
            return;
        }
        metadata.forEach((k, v) -> {
            if (v != JsonValue.NULL) {
                a.put(prefix + "." + k, v.toString());
            }
        });
    }

    /** Strings as they are, anything else as JSON (the SDK's _serialize); null left out. */
    private static void putJson(Map<String, Object> a, String key, JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return;
        }
        a.put(key, v instanceof JsonString s ? s.getString() : v.toString());
    }

    private static void putIf(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }
}
