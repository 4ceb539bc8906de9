package org.tracerelay.export.datadog;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import org.tracerelay.json.Jsonp;

/**
 * A run's inputs and outputs as the GenAI conventions' {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages}: JSON arrays of {@code {role, parts: [{type: text, content}]}},
 * which Datadog shows as the span's input and output. An LLM prompt list keeps its roles; any
 * other value becomes one user (input) or assistant (output) message holding its text or JSON.
 */
final class GenAiMessages {

    private static final Map<String, String> ROLES = Map.of("human", "user", "ai", "assistant");

    private GenAiMessages() {
    }

    /** @return the JSON text, or null when there is no input */
    static String input(JsonValue inputs) {
        if (absent(inputs)) {
            return null;
        }
        JsonArrayBuilder messages = Jsonp.createArrayBuilder();
        if (inputs instanceof JsonArray prompts && !prompts.isEmpty() && prompts.stream().allMatch(GenAiMessages::isPrompt)) {
            for (JsonValue p : prompts) {
                JsonObject prompt = p.asJsonObject();
                String role = prompt.getString("role");
                JsonValue content = prompt.containsKey("text") ? prompt.get("text") : prompt.get("content");
                messages.add(message(ROLES.getOrDefault(role, role), content));
            }
        } else {
            messages.add(message("user", inputs));
        }
        return messages.build().toString();
    }

    /** @return the JSON text, or null when there is no output */
    static String output(JsonValue outputs, boolean failed) {
        if (absent(outputs)) {
            return null;
        }
        JsonObject message = Jsonp.createObjectBuilder(message("assistant", outputs))
                .add("finish_reason", failed ? "error" : "stop").build();
        return Jsonp.createArrayBuilder().add(message).build().toString();
    }

    private static JsonObject message(String role, JsonValue content) {
        String text = content instanceof JsonString s ? s.getString() : absent(content) ? "" : content.toString();
        return Jsonp.createObjectBuilder().add("role", role)
                .add("parts", Jsonp.createArrayBuilder().add(Jsonp.createObjectBuilder().add("type", "text").add("content", text)))
                .build();
    }

    private static boolean isPrompt(JsonValue v) {
        return v instanceof JsonObject o && o.get("role") instanceof JsonString;
    }

    private static boolean absent(JsonValue v) {
        return v == null || v == JsonValue.NULL;
    }
}
