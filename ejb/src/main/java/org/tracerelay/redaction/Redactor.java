package org.tracerelay.redaction;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.TaskEnvelope;

/**
 * Applies one rule set to one task's trace_info. Ids, times, counts and statuses stay as they are
 * (every exporter needs them to build its spans); allow-lists, masks and content-off work on the
 * fields that carry what users and models wrote. A dropped top-level field becomes empty of its
 * own type, so no exporter meets a missing required field.
 */
public final class Redactor {

    /** Fields holding what users, models and tools wrote: content off replaces their text. */
    static final Set<String> CONTENT = Set.of("inputs", "outputs", "query", "message_data", "workflow_data",
            "workflow_run_inputs", "workflow_run_outputs", "node_inputs", "node_outputs", "process_data",
            "tool_inputs", "tool_outputs", "tool_parameters", "documents", "suggested_question", "instruction",
            "content", "preset_response", "node_executions");
    /** Fields whose text may hold personal data: masks and the allow-list apply inside them. */
    static final Set<String> TEXT;

    static {
        var text = new java.util.HashSet<>(CONTENT);
        text.addAll(Set.of("metadata", "error", "status_message", "title", "file_list", "message_file_data",
                "file_url", "tool_config"));
        TEXT = Set.copyOf(text);
    }

    /** The workflow's nodes: each is walked like trace_info itself, so its ids, times and statuses stay. */
    private static final String NODES = "node_executions";

    private static boolean isText(String key) {
        return TEXT.contains(key) && !NODES.equals(key);
    }

    private static boolean isContent(String key) {
        return CONTENT.contains(key) && !NODES.equals(key);
    }

    /** Where the exported task says what was redacted. */
    public static final String REPORT_KEY = "relay_redaction";

    private static final JsonValue DROPPED = JsonValue.NULL;

    private final RedactionRules rules;
    private final UnaryOperator<String> pseudonym;

    /** @param pseudonym the tenant's keyed hash of an identifier */
    public Redactor(RedactionRules rules, UnaryOperator<String> pseudonym) {
        this.rules = rules;
        this.pseudonym = pseudonym;
    }

    public Redacted apply(TaskEnvelope task) {
        RedactionReport report = new RedactionReport();
        if (rules.changesNothing()) {
            return new Redacted(task, report);
        }
        Walk walk = new Walk(report, "ref:task_id=" + task.taskId());
        JsonObjectBuilder info = null;
        for (var field : task.traceInfo().entrySet()) {
            String key = field.getKey();
            JsonValue in = field.getValue();
            JsonValue out = walk.value(in, new ArrayList<>(List.of(key)), isText(key), isContent(key));
            if (out != in && info == null) {
                info = Jsonp.createObjectBuilder(task.traceInfo());
            }
            if (out != in) {
                info.add(key, out == DROPPED && in != JsonValue.NULL ? emptied(in) : out);
            }
        }
        if (info == null) {
            return new Redacted(task, report);
        }
        JsonObject redacted = info.build();
        if (!report.isEmpty()) {
            redacted = reported(redacted, report.toJson());
            if (redacted.get("node_executions") instanceof JsonArray nodes) {
                // Each node becomes a span or observation of its own: each says it too.
                JsonArrayBuilder each = Jsonp.createArrayBuilder();
                nodes.forEach(n -> each.add(n instanceof JsonObject node ? reported(node, report.toJson()) : n));
                redacted = Jsonp.createObjectBuilder(redacted).add("node_executions", each).build();
            }
        }
        return new Redacted(new TaskEnvelope(task.taskId(), task.appId(), task.tenantId(), task.type(), redacted), report);
    }

    /** The object with the report in its metadata, when its metadata is an object or absent. */
    private static JsonObject reported(JsonObject o, JsonObject report) {
        JsonValue metadata = o.get("metadata");
        if (metadata != null && !(metadata instanceof JsonObject)) {
            return o;
        }
        JsonObjectBuilder meta = metadata == null ? Jsonp.createObjectBuilder() : Jsonp.createObjectBuilder((JsonObject) metadata);
        return Jsonp.createObjectBuilder(o).add("metadata", meta.add(REPORT_KEY, report)).build();
    }

        private static JsonValue emptied(JsonValue v) {
        return switch (v.getValueType()) {
            case OBJECT -> JsonValue.EMPTY_JSON_OBJECT;
            case ARRAY -> JsonValue.EMPTY_JSON_ARRAY;
            case STRING -> Jsonp.createValue("");
            default -> JsonValue.NULL;
        };
    }

    private final class Walk {
        private final RedactionReport report;
        private final JsonString reference;

        Walk(RedactionReport report, String reference) {
            this.report = report;
            this.reference = Jsonp.createValue(reference);
        }

        /** The value as the rules leave it: the same instance when they change nothing in it. */
        JsonValue value(JsonValue v, List<String> at, boolean text, boolean content) {
            if (!rules.drop().isEmpty() && rules.drop().stream().anyMatch(p -> p.matches(at))) {
                report.add("drop", 1);
                return DROPPED;
            }
            if (text && !rules.keep().isEmpty()
                    && rules.keep().stream().noneMatch(p -> p.covers(at) || p.leadsTo(at))) {
                report.add("keep", 1);
                return DROPPED;
            }
            if (!rules.hash().isEmpty() && (v instanceof JsonString || v instanceof JsonNumber)
                    && rules.hash().stream().anyMatch(p -> p.matches(at))) {
                report.add("hash", 1);
                return Jsonp.createValue(pseudonym.apply(v instanceof JsonString s ? s.getString() : v.toString()));
            }
            if (at.size() == 1 && NODES.equals(at.get(0)) && v instanceof JsonObject node) {
                return object(node, at, null, null);
            }
            return switch (v.getValueType()) {
                case OBJECT -> object((JsonObject) v, at, text, content);
                case ARRAY -> array((JsonArray) v, at, text, content);
                case STRING -> text(((JsonString) v).getString(), v, text, content);
                case NUMBER -> content && !rules.content() ? reference() : text ? number(v) : v;
                default -> v;
            };
        }

        /** {@code text} and {@code content} null: each key decides, as at the top of trace_info. */
        private JsonValue object(JsonObject o, List<String> at, Boolean text, Boolean content) {
            JsonObjectBuilder b = null;
            for (var e : o.entrySet()) {
                String key = e.getKey();
                at.add(key);
                JsonValue out = value(e.getValue(), at, text == null ? isText(key) : text, content == null ? isContent(key) : content);
                at.remove(at.size() - 1);
                if (out != e.getValue() && b == null) {
                    b = Jsonp.createObjectBuilder(o);
                }
                if (out == DROPPED && e.getValue() != JsonValue.NULL) {
                    b.remove(e.getKey());
                } else if (out != e.getValue()) {
                    b.add(e.getKey(), out);
                }
            }
            return b == null ? o : b.build();
        }

        private JsonValue array(JsonArray a, List<String> at, boolean text, boolean content) {
            List<JsonValue> outs = new ArrayList<>(a.size());
            boolean changed = false;
            for (JsonValue item : a) {
                JsonValue out = value(item, at, text, content);
                changed |= out != item;
                if (out != DROPPED || item == JsonValue.NULL) {
                    outs.add(out);
                }
            }
            if (!changed) {
                return a;
            }
            JsonArrayBuilder b = Jsonp.createArrayBuilder();
            outs.forEach(b::add);
            return b.build();
        }

        private JsonValue reference() {
            report.add("content", 1);
            return reference;
        }

        private JsonValue text(String s, JsonValue original, boolean text, boolean content) {
            if (content && !rules.content()) {
                return reference();
            }
            if (!text || rules.masks().isEmpty()) {
                return original;
            }
            String masked = masked(s);
            return masked.equals(s) ? original : Jsonp.createValue(masked);
        }

        /** A number written as a number (a card or phone in a form field) is masked like text. */
        private JsonValue number(JsonValue n) {
            if (rules.masks().isEmpty()) {
                return n;
            }
            String s = n.toString();
            String masked = masked(s);
            return masked.equals(s) ? n : Jsonp.createValue(masked);
        }

        private String masked(String s) {
            String masked = s;
            for (ValueMask m : rules.masks()) {
                masked = m.apply(masked, report);
            }
            return masked;
        }
    }
}
