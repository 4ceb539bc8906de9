package org.tracerelay.intake;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.OffsetDateTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

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
     * The offset is looked for first: a failed parse throws, which cost more than the parse.
     */
    static boolean isDateTime(String text) {
        int time = text.indexOf('T');
        boolean offset = time > 0 && (text.indexOf('+', time) > 0 || text.indexOf('-', time) > 0
                || text.endsWith("Z") || text.endsWith("z"));
        try {
            if (offset) {
                OffsetDateTime.parse(text);
            } else {
                LocalDateTime.parse(text);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
