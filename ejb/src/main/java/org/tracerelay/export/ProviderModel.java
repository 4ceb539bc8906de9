package org.tracerelay.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tracerelay.refusal.Violation;

/**
 * A provider's config model: its fields, defaults and validation rules (Dify's config classes).
 * {@code wholeConfig} checks what no single field can (Databricks: a token or a client id and
 * secret); it sees the stored form and answers a message, or null when the config is whole.
 */
public record ProviderModel(String id, List<ConfigField> fields, Function<Map<String, String>, String> wholeConfig) {

    public ProviderModel(String id, List<ConfigField> fields) {
        this(id, fields, config -> null);
    }

    /** The stored form of a submitted config, or why it is not valid. */
    public record Result(Map<String, String> config, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /**
     * Applies defaults (a field sent as "" or left out takes its default), each field's rule, and
     * the required checks. Unknown keys are dropped, as Dify's models ignore them.
     */
    public Result apply(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        List<Violation> violations = new ArrayList<>();
        for (ConfigField f : fields) {
            String v = given.get(f.name());
            boolean empty = v == null || v.isBlank();
            String value = empty ? f.defaultValue() : v;
            if (!empty && v.chars().anyMatch(Character::isISOControl)) {
                // Values become HTTP headers, whose client would quote a refused value in its error.
                violations.add(new Violation("tracing_config." + f.name(), "must not contain line breaks or control characters"));
                continue;
            }
            if (!empty) {
                try {
                    value = f.rule().apply(v);
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation("tracing_config." + f.name(), e.getMessage()));
                    continue;
                }
            }
            if (f.required() && (value == null || value.isBlank())) {
                violations.add(new Violation("tracing_config." + f.name(), f.requiredMessage()));
                continue;
            }
            out.put(f.name(), value == null ? "" : value);
        }
        if (violations.isEmpty()) {
            String missing = wholeConfig.apply(out);
            if (missing != null) {
                violations.add(new Violation("tracing_config", missing));
            }
        }
        return new Result(out, violations);
    }

    public boolean isSecret(String field) {
        return fields.stream().anyMatch(f -> f.secret() && f.name().equals(field));
    }
}
