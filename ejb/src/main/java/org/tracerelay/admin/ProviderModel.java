package org.tracerelay.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.intake.Violation;

/** A provider's config model: its fields, defaults and validation rules. */
public record ProviderModel(String id, List<ConfigField> fields) {

    /** Applies defaults and drops unknown keys; a field sent as "" takes its default. */
    public Map<String, String> normalize(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigField f : fields) {
            String v = given.get(f.name());
            out.put(f.name(), v == null || v.isEmpty() ? f.defaultValue() : v);
        }
        return out;
    }

    public List<Violation> validate(Map<String, String> normalized) {
        List<Violation> out = new ArrayList<>();
        for (ConfigField f : fields) {
            String v = normalized.get(f.name());
            if (v == null || v.isEmpty()) {
                if (f.required()) {
                    out.add(new Violation("tracing_config." + f.name(), f.name() + " is required"));
                }
                continue;
            }
            String problem = f.check() == null ? null : f.check().apply(v);
            if (problem != null) {
                out.add(new Violation("tracing_config." + f.name(), problem));
            }
        }
        return out;
    }

    public boolean isSecret(String field) {
        return fields.stream().anyMatch(f -> f.secret() && f.name().equals(field));
    }
}
