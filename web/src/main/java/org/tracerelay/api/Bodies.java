package org.tracerelay.api;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/** Small readers of admin request bodies. */
final class Bodies {

    private Bodies() {
    }

    static String text(JsonObject body, String field) {
        JsonValue v = body == null ? null : body.get(field);
        return v instanceof JsonString s ? s.getString() : null;
    }

    static String appId(String appId) {
        try {
            return UUID.fromString(appId).toString().equals(appId.toLowerCase()) ? appId.toLowerCase() : invalidAppId();
        } catch (IllegalArgumentException e) {
            return invalidAppId();
        }
    }

    private static String invalidAppId() {
        throw new Refusal(400, "invalid_request", "app_id must be a UUID.", List.of(new Violation("app_id", "must be a UUID")));
    }

    /** tracing_config as field to string; numbers and booleans as their text, null as "". */
    static Map<String, String> settings(JsonObject body) {
        JsonValue v = body == null ? null : body.get("tracing_config");
        if (!(v instanceof JsonObject config)) {
            throw new Refusal(400, "invalid_tracing_config", "tracing_config must be an object.",
                    List.of(new Violation("tracing_config", "must be an object")));
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<Violation> bad = new ArrayList<>();
        config.forEach((k, value) -> {
            switch (value.getValueType()) {
                case STRING -> out.put(k, ((JsonString) value).getString());
                case NUMBER -> out.put(k, ((JsonNumber) value).toString());
                case TRUE, FALSE -> out.put(k, value.toString());
                case NULL -> out.put(k, "");
                default -> bad.add(new Violation("tracing_config." + k, "must be a string"));
            }
        });
        if (!bad.isEmpty()) {
            throw new Refusal(400, "invalid_tracing_config", "The tracing config is not valid.", bad);
        }
        return out;
    }

    static String provider(String provider) {
        if (provider == null || provider.isBlank()) {
            throw new Refusal(400, "invalid_request", "tracing_provider is required.",
                    List.of(new Violation("tracing_provider", "is required")));
        }
        return provider;
    }
}
