package org.tracerelay.export.capture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The comparison the conformance tests make: which fields or attributes a record carries, with
 * which types. Trace Relay's record must carry every one the SDK's carries (less those a test names
 * as not applicable to a Dify trace), each with the SDK's type; it may carry more.
 */
public final class Shapes {

    private Shapes() {
    }

    /** Field name to JSON type (string, number, object, array, true/false as boolean, null). */
    public static Map<String, String> fields(JsonObject o) {
        Map<String, String> types = new TreeMap<>();
        o.forEach((k, v) -> types.put(k, type(v)));
        return types;
    }

    /** Attribute key to OTLP value type of a decoded span (capture_server.py's form). */
    public static Map<String, String> attributes(JsonObject span) {
        Map<String, String> types = new TreeMap<>();
        span.getJsonObject("attributes").forEach((k, v) -> types.put(k, v.asJsonObject().getString("type")));
        return types;
    }

    public static void assertCovers(String what, Map<String, String> sdk, Map<String, String> ours, Set<String> notApplicable) {
        Map<String, String> missing = new TreeMap<>();
        sdk.forEach((k, type) -> {
            if (!notApplicable.contains(k) && !type.equals(ours.get(k))) {
                missing.put(k, type + (ours.containsKey(k) ? " (ours: " + ours.get(k) + ")" : " (ours: absent)"));
            }
        });
        assertTrue(missing.isEmpty(), what + ": the SDK sends " + missing + " which Trace Relay does not send alike; ours: " + ours);
    }

    public static void assertCovers(String what, JsonObject sdk, JsonObject ours, Set<String> notApplicable) {
        assertCovers(what, fields(sdk), fields(ours), notApplicable);
    }

    static String type(JsonValue v) {
        return switch (v.getValueType()) {
            case TRUE, FALSE -> "boolean";
            default -> v.getValueType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
