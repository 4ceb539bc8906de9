package org.tracerelay.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.refusal.Violation;

/** A provider's config model: its fields, defaults and validation rules (Dify's config classes). */
public record ProviderModel(String id, List<ConfigField> fields) {

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
        return new Result(out, violations);
    }

    public boolean isSecret(String field) {
        return fields.stream().anyMatch(f -> f.secret() && f.name().equals(field));
    }
}
