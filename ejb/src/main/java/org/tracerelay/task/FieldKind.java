package org.tracerelay.task;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/** The JSON shapes a trace_info field may take, with the message a mismatch reports. */
enum FieldKind {
    STRING("must be a string"),
    INTEGER("must be an integer"),
    NUMBER("must be a number"),
    BOOLEAN("must be a boolean"),
    OBJECT("must be an object"),
    ARRAY("must be an array"),
    STRING_LIST("must be an array of strings"),
    DATETIME("must be an ISO-8601 date-time string"),
    /** Dify's inputs/outputs: string, object or array (anything else becomes "" there, so it passes). */
    CONTENT("must be a string, an object or an array"),
    ANY("may be any JSON value");

    private final String mismatch;

    FieldKind(String mismatch) {
        this.mismatch = mismatch;
    }

    String mismatch() {
        return mismatch;
    }

    boolean accepts(JsonValue value) {
        return switch (this) {
            case STRING -> value.getValueType() == JsonValue.ValueType.STRING;
            case INTEGER -> value instanceof JsonNumber n && n.isIntegral();
            case NUMBER -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case BOOLEAN -> value == JsonValue.TRUE || value == JsonValue.FALSE;
            case OBJECT -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case ARRAY -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case STRING_LIST -> value.getValueType() == JsonValue.ValueType.ARRAY
                    && value.asJsonArray().stream().allMatch(v -> v.getValueType() == JsonValue.ValueType.STRING);
            case DATETIME -> value instanceof JsonString s && isDateTime(s.getString());
            case CONTENT, ANY -> true;
        };
    }

    /**
     * Dify writes Python isoformat(): with an offset when timezone-aware, without one when naive.
     * Valid when {@link Timestamps} reads it (its common shapes by hand, the rest by java.time).
     */
    static boolean isDateTime(String text) {
        return Timestamps.parse(text) != null;
    }
}
