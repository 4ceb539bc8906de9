package org.tracerelay.task;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;


/** Reading trace_info fields the way the data dictionary wants them. */
public final class Fields {

    private static final Set<String> FAILED = Set.of("failed", "exception", "error");

    private Fields() {
    }

    public static String text(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v instanceof JsonString s ? s.getString() : null;
    }

    public static String first(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                return c;
            }
        }
        return null;
    }

    public static JsonObject object(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v instanceof JsonObject obj ? obj : null;
    }

    public static Double number(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v instanceof JsonNumber n ? n.doubleValue() : null;
    }

    public static Long integer(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v instanceof JsonNumber n ? n.longValue() : null;
    }

    public static Boolean bool(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v == JsonValue.TRUE ? Boolean.TRUE : v == JsonValue.FALSE ? Boolean.FALSE : null;
    }

    /** Content as an attribute: a string as is, anything else as its JSON text, null as null. */
    public static String json(JsonObject o, String field) {
        return json(o == null ? null : o.get(field));
    }

    public static String json(JsonValue v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        return v instanceof JsonString s ? s.getString() : v.toString();
    }

    /** A non-empty error text, or a failing status, makes an operation failed. */
    public static boolean failed(String status, String error) {
        return (error != null && !error.isEmpty()) || (status != null && FAILED.contains(status));
    }

    /** The dictionary's status words for operations that carry no status of their own. */
    public static String status(String error) {
        return error != null && !error.isEmpty() ? "failed" : "succeeded";
    }

    public static Instant time(JsonObject o, String field) {
        return Timestamps.parse(text(o, field));
    }

    /** end − start in seconds, or null when either is missing. */
    public static Double seconds(JsonObject o) {
        Instant start = time(o, "start_time");
        Instant end = time(o, "end_time");
        if (start == null || end == null) {
            return null;
        }
        return Duration.between(start, end).toNanos() / 1e9;
    }

    /** When the event happened: its end, else its start, else when the relay received it. */
    public static long eventNanos(JsonObject o, Instant receivedAt) {
        Instant end = time(o, "end_time");
        Instant start = time(o, "start_time");
        return Timestamps.nanos(end != null ? end : start != null ? start : receivedAt);
    }

    public static boolean positive(Long v) {
        return v != null && v > 0;
    }
}
