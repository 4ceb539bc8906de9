package org.tracerelay.export.aliyun;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;

/**
 * The attributes of one Aliyun span, in insertion order and without nulls: ARMS's
 * {@code gen_ai.*} names, {@code input.value} / {@code output.value}, and content as JSON text.
 */
final class GenAiAttributes {

    private final Map<String, Object> values = new LinkedHashMap<>();

    GenAiAttributes(Map<String, Object> common) {
        values.putAll(common);
    }

    GenAiAttributes put(String key, Object value) {
        if (value != null) {
            values.put(key, value);
        }
        return this;
    }

    GenAiAttributes kind(String spanKind, String operation) {
        put("gen_ai.span.kind", spanKind);
        return put("gen_ai.operation.name", operation);
    }

    GenAiAttributes io(String input, String output) {
        put("input.value", input);
        return put("output.value", output);
    }

    /** Token counts as strings, as ARMS's LLM view reads them; an unknown count is left out. */
    GenAiAttributes usage(Long input, Long output, Long total) {
        put("gen_ai.usage.input_tokens", input == null ? null : input.toString());
        put("gen_ai.usage.output_tokens", output == null ? null : output.toString());
        return put("gen_ai.usage.total_tokens", total == null ? null : total.toString());
    }

    /** An LLM call: model, provider, prompt and completion, also as role/parts messages. */
    GenAiAttributes llm(String model, String provider, JsonValue prompt, String completion) {
        put("gen_ai.request.model", model);
        put("gen_ai.provider.name", provider);
        put("gen_ai.prompt", text(prompt));
        put("gen_ai.completion", completion);
        put("gen_ai.input.messages", messages(prompt, "user").toString());
        return put("gen_ai.output.messages", messages(completion == null ? JsonValue.NULL : Jsonp.createValue(completion),
                "assistant").toString());
    }

    Map<String, Object> build() {
        return values;
    }

    /** Content as one string: a string as it is, nothing as "", anything else as JSON. */
    static String text(JsonValue v) {
        String s = Fields.json(v);
        return s == null ? "" : s;
    }

    /**
     * Messages in the role/parts form ({@code [{"role":..., "parts":[{"type":"text","content":...}]}]}):
     * Dify's prompt list keeps its roles, anything else is one message of {@code defaultRole}.
     */
    static JsonArray messages(JsonValue v, String defaultRole) {
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        if (v instanceof JsonObject o && o.get("messages") instanceof JsonArray list) {
            v = list;
        }
        if (v instanceof JsonArray list) {
            for (JsonValue item : list) {
                if (item instanceof JsonObject m) {
                    String role = Fields.first(Fields.text(m, "role"), defaultRole);
                    JsonValue content = m.containsKey("text") ? m.get("text") : m.containsKey("content") ? m.get("content") : m;
                    out.add(message(role, text(content)));
                } else if (item != null && item != JsonValue.NULL) {
                    out.add(message(defaultRole, text(item)));
                }
            }
        } else if (v != null && v != JsonValue.NULL && !(v instanceof JsonString s && s.getString().isEmpty())) {
            out.add(message(defaultRole, text(v)));
        }
        return out.build();
    }

    private static JsonObject message(String role, String content) {
        return Jsonp.createObjectBuilder().add("role", role).add("parts", Jsonp.createArrayBuilder()
                .add(Jsonp.createObjectBuilder().add("type", "text").add("content", content))).build();
    }
}
