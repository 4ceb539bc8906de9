package org.tracerelay.export.span;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the destination's redaction rules changed in a task, as two span attributes for exporters
 * whose mappings pick single metadata fields: {@code trace_relay.redaction.count} (how many values)
 * and {@code trace_relay.redaction.rules} (the rule names, comma-separated). Counts and names only:
 * the report never holds a value.
 */
public final class RedactionAttributes {

    public static final String REPORT_KEY = "relay_redaction";
    public static final String COUNT = "trace_relay.redaction.count";
    public static final String RULES = "trace_relay.redaction.rules";

    private RedactionAttributes() {
    }

    /** Adds the report found in this metadata to the attributes; nothing when the task was not redacted. */
    public static void put(Map<String, Object> attributes, JsonObject metadata) {
        JsonObject report = metadata == null || !(metadata.get(REPORT_KEY) instanceof JsonObject o) ? null : o;
        if (report == null) {
            return;
        }
        if (report.get("count") instanceof JsonNumber n) {
            attributes.put(COUNT, n.longValue());
        }
        if (report.get("rules") instanceof JsonArray rules) {
            attributes.put(RULES, rules.stream().filter(JsonString.class::isInstance)
                    .map(r -> ((JsonString) r).getString()).collect(Collectors.joining(",")));
        }
    }
}
