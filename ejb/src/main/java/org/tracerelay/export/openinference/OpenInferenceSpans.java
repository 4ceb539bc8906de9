package org.tracerelay.export.openinference;

import jakarta.json.JsonArray;
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
import org.tracerelay.task.Timestamps;

/**
 * A task's runs as OpenInference spans, shared by Arize and Phoenix (dify-providers §2.5):
 * span kinds LLM / CHAIN / TOOL / RETRIEVER, input and output values with their mime type,
 * metadata as JSON, token counts, model and provider. Ids are deterministic: trace id from the
 * trace's correlation id, span id from the run id, so a nested workflow lands under the tool
 * node that called it and a resent batch repeats its ids.
 */
final class OpenInferenceSpans {

    private OpenInferenceSpans() {
    }

    static List<SpanRecord> of(RunTree tree) {
        List<SpanRecord> spans = new ArrayList<>();
        byte[] traceId = TraceIds.traceId(tree.traceId());
        for (Run run : tree.runs()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("openinference.span.kind", kind(run));
            value(a, "input", run.inputs());
            value(a, "output", run.outputs());
            JsonObject metadata = Jsonp.createObjectBuilder(run.metadata()).add("created_from", "Dify")
                    .add("trace_entity_type", run.type()).add("level", run.failed() ? "ERROR" : "DEFAULT").build();
            a.put("metadata", metadata.toString());
            putIf(a, "session.id", tree.sessionId() != null ? tree.sessionId() : tree.traceId());
            putIf(a, "user.id", tree.userId());
            // a list of strings, as OpenInference (and arize-otel's using_tags) sends it
            a.put("tag.tags", List.copyOf(run.tags()));
            if (run.usage() != null && !"CHARACTERS".equals(run.usage().unit())) {
                putIf(a, "llm.token_count.prompt", run.usage().input());
                putIf(a, "llm.token_count.completion", run.usage().output());
                putIf(a, "llm.token_count.total", run.usage().total());
                putIf(a, "llm.cost.total", run.usage().totalCost());
            }
            if (run.isLlm()) {
                putIf(a, "llm.model_name", run.model());
                putIf(a, "llm.provider", run.modelProvider());
                messages(a, "llm.input_messages", run.inputs(), "user");
                messages(a, "llm.output_messages", run.outputs(), "assistant");
            }
            if (run.isTool()) {
                a.put("tool.name", run.name());
                // Dify's tool call names its parameters; a workflow's tool node has only the arguments it was called with
                JsonValue params = run.metadata().get("tool_parameters");
                if (params == null && run.inputs() instanceof JsonObject arguments) {
                    params = arguments;
                }
                if (params != null) {
                    a.put("tool.parameters", params.toString());
                }
            }
            documents(a, run);
            spans.add(new SpanRecord(traceId, TraceIds.spanId(run.id()),
                    run.parentId() == null ? null : TraceIds.spanId(run.parentId()), name(run),
                    Timestamps.nanos(run.start()), Timestamps.nanos(run.end()), a, run.failed() ? run.error() : null));
        }
        return spans;
    }

    static String kind(Run run) {
        if (run.isLlm()) {
            return "LLM";
        }
        if (run.isRetrieval()) {
            return "RETRIEVER";
        }
        if (run.isTool() || "suggested_question".equals(run.type())) {
            return "TOOL";
        }
        return "CHAIN";
    }

    /** Nodes are named {@code <node_type>_<title>}; everything else by its run name. */
    static String name(Run run) {
        return "node".equals(run.type()) && run.nodeType() != null ? run.nodeType() + "_" + run.name() : run.name();
    }

    private static void value(Map<String, Object> a, String prefix, JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return;
        }
        if (v instanceof JsonString s) {
            a.put(prefix + ".value", s.getString());
            a.put(prefix + ".mime_type", "text/plain");
        } else {
            a.put(prefix + ".value", v.toString());
            a.put(prefix + ".mime_type", "application/json");
        }
    }

    /**
     * OpenInference's flattened message list, {@code <prefix>.<i>.message.role} and {@code .content}:
     * an LLM node's prompts keep their roles; any other value is one message of the given role.
     */
    private static void messages(Map<String, Object> a, String prefix, JsonValue v, String role) {
        if (v == null || v == JsonValue.NULL) {
            return;
        }
        List<String[]> list = new ArrayList<>();
        if (v instanceof JsonArray prompts && !prompts.isEmpty() && prompts.stream().allMatch(p -> p instanceof JsonObject o
                && o.get("role") instanceof JsonString)) {
            for (JsonValue p : prompts) {
                JsonObject o = p.asJsonObject();
                JsonValue text = o.containsKey("text") ? o.get("text") : o.get("content");
                list.add(new String[] {o.getString("role"), text instanceof JsonString t ? t.getString() : String.valueOf(text)});
            }
        } else {
            list.add(new String[] {role, v instanceof JsonString t ? t.getString() : v.toString()});
        }
        for (int i = 0; i < list.size(); i++) {
            a.put(prefix + "." + i + ".message.role", list.get(i)[0]);
            a.put(prefix + "." + i + ".message.content", list.get(i)[1]);
        }
    }

    private static void documents(Map<String, Object> a, Run run) {
        if (!(run.outputs() instanceof JsonObject out) || !(out.get("documents") instanceof JsonArray docs)) {
            return;
        }
        for (int i = 0; i < docs.size(); i++) {
            if (!(docs.get(i) instanceof JsonObject doc)) {
                continue;
            }
            String prefix = "retrieval.documents." + i + ".document.";
            JsonValue content = doc.get("page_content");
            if (content instanceof JsonString s) {
                a.put(prefix + "content", s.getString());
            }
            JsonValue meta = doc.get("metadata");
            if (meta instanceof JsonObject m) {
                if (m.get("score") instanceof jakarta.json.JsonNumber score) {
                    a.put(prefix + "score", score.doubleValue());
                }
                if (m.get("document_id") instanceof JsonString id) {
                    a.put(prefix + "id", id.getString());
                }
                a.put(prefix + "metadata", m.toString());
            }
        }
    }

    private static void putIf(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }
}
