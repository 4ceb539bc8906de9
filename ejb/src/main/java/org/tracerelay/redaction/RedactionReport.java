package org.tracerelay.redaction;

import jakarta.json.JsonObject;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.tracerelay.json.Jsonp;

/** What a rule set changed in one task: a count per rule name, never a value. */
public final class RedactionReport {

    private final Map<String, Integer> counts = new TreeMap<>();

    void add(String rule, int n) {
        if (n > 0) {
            counts.merge(rule, n, Integer::sum);
        }
    }

    public Map<String, Integer> counts() {
        return Collections.unmodifiableMap(counts);
    }

    public int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** A rule's name for metrics: built-in names as they are, every tenant pattern as {@code pattern}. */
    public static String metricName(String rule) {
        return BuiltInMasks.named(rule).isPresent() || RULES.contains(rule) ? rule : "pattern";
    }

    private static final java.util.Set<String> RULES = java.util.Set.of("drop", "keep", "hash", "content");

    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** The form exported with the task: {@code {"count": n, "rules": ["email", ...]}}. */
    public JsonObject toJson() {
        var rules = Jsonp.createArrayBuilder();
        counts.keySet().forEach(rules::add);
        return Jsonp.createObjectBuilder().add("count", total()).add("rules", rules).build();
    }
}
