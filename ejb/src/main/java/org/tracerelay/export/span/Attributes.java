package org.tracerelay.export.span;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tracerelay.task.Fields;

/** Builds an attribute map from trace_info fields, leaving out what is null or absent. */
final class Attributes {

    private final Map<String, Object> values = new LinkedHashMap<>();

    Attributes put(String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    Attributes text(String key, JsonObject source, String field) {
        return put(key, Fields.text(source, field));
    }

    Attributes number(String key, JsonObject source, String field) {
        JsonValue v = source == null ? null : source.get(field);
        return put(key, v instanceof JsonNumber n ? (Object) n.doubleValue() : null);
    }

    Attributes integer(String key, JsonObject source, String field) {
        JsonValue v = source == null ? null : source.get(field);
        return put(key, v instanceof JsonNumber n ? (Object) n.longValue() : null);
    }

    Map<String, Object> build() {
        return values;
    }

    /** A JSON value as an attribute: scalars as themselves, objects and arrays as JSON text. */
    static Object scalar(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> ((JsonString) v).getString();
            case NUMBER -> ((JsonNumber) v).isIntegral() ? (Object) ((JsonNumber) v).longValue()
                    : (Object) ((JsonNumber) v).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            default -> v.toString();
        };
    }
}
