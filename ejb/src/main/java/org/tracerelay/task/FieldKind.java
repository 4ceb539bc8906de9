package org.tracerelay.task;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
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
     * The common shape is checked by hand (the parser was a few per cent of intake CPU); any
     * other text goes to the parser, offset looked for first (a failed parse throws, which cost
     * more than the parse).
     */
    static boolean isDateTime(String text) {
        Boolean common = commonShape(text);
        return common != null ? common : parses(text);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1-9 digits, then nothing, {@code Z} or
     * {@code ±HH:MM}: whether it is a valid date-time; null for text of any other shape.
     */
    private static Boolean commonShape(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
                i++;
            }
            if (i == start || i - start > 9) {
                return null;
            }
        }
        if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 4, 2);
            if ((offsetHours | offsetMinutes) < 0) {
                return null;
            }
            if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
                return false;
            }
        } else if (i != n && !(i == n - 1 && t.charAt(i) == 'Z')) {
            return null;
        }
        try {
            LocalDate.of(year, month, day);
            LocalTime.of(hour, minute, second);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The decimal number of {@code count} digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean parses(String text) {
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
