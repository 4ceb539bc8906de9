package org.tracerelay.redaction;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.tracerelay.json.Jsonp;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/**
 * One destination's rule set, validated. In JSON:
 * <pre>{"drop": ["inputs.*"], "keep": [], "mask": ["email", "card"],
 *  "patterns": [{"name": "order_no", "regex": "ORD-[0-9]{6}"}], "hash": ["metadata.user_id"], "content": true}</pre>
 * Tenant patterns compile with RE2/J (linear time, no backtracking), so no pattern can stall the drain.
 */
public record RedactionRules(List<FieldPath> drop, List<FieldPath> keep, List<ValueMask> masks,
                             List<FieldPath> hash, boolean content) {

    static final int MAX_PATHS = 100;
    static final int MAX_PATTERNS = 20;
    static final int MAX_REGEX = 500;
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> KNOWN = Set.of("drop", "keep", "mask", "patterns", "hash", "content");

    /** Nothing removed, nothing masked: what a destination without rules receives. */
    public static final RedactionRules NONE = new RedactionRules(List.of(), List.of(), List.of(), List.of(), true);

    public RedactionRules {
        drop = List.copyOf(drop);
        keep = List.copyOf(keep);
        masks = List.copyOf(masks);
        hash = List.copyOf(hash);
    }

    public boolean changesNothing() {
        return drop.isEmpty() && keep.isEmpty() && masks.isEmpty() && hash.isEmpty() && content;
    }

    /**
     * Reads a submitted or stored rule set.
     *
     * @throws Refusal 400 {@code invalid_redaction_rules} naming each bad entry by path (and a bad
     *         pattern's position)
     */
    public static RedactionRules read(JsonObject json) {
        List<Violation> violations = new ArrayList<>();
        json.keySet().stream().filter(k -> !KNOWN.contains(k))
                .forEach(k -> violations.add(new Violation(k, "is not a rule (drop, keep, mask, patterns, hash, content)")));
        List<FieldPath> drop = paths(json, "drop", violations);
        List<FieldPath> keep = paths(json, "keep", violations);
        List<FieldPath> hash = paths(json, "hash", violations);
        List<ValueMask> masks = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        List<String> builtIns = strings(json, "mask", violations);
        for (int i = 0; i < builtIns.size(); i++) {
            String name = builtIns.get(i);
            var mask = BuiltInMasks.named(name);
            if (mask.isEmpty()) {
                violations.add(new Violation("mask[" + i + "]", "is not one of " + BuiltInMasks.names()));
            } else if (names.add(name)) {
                masks.add(mask.get());
            }
        }
        // Built-ins in their own order (cards before phones), the tenant's own after them.
        masks.sort(java.util.Comparator.comparingInt(m -> BuiltInMasks.names().indexOf(m.name())));
        JsonValue patterns = json.getOrDefault("patterns", JsonValue.EMPTY_JSON_ARRAY);
        if (!(patterns instanceof JsonArray list)) {
            violations.add(new Violation("patterns", "must be a list of {name, regex}"));
        } else if (list.size() > MAX_PATTERNS) {
            violations.add(new Violation("patterns", "at most " + MAX_PATTERNS + " patterns"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                pattern(list.get(i), "patterns[" + i + "]", names, violations).ifPresent(masks::add);
            }
        }
        JsonValue content = json.getOrDefault("content", JsonValue.TRUE);
        if (content != JsonValue.TRUE && content != JsonValue.FALSE) {
            violations.add(new Violation("content", "must be true or false"));
        }
        if (!violations.isEmpty()) {
            throw new Refusal(400, "invalid_redaction_rules", "The redaction rules are not valid.", violations);
        }
        return new RedactionRules(drop, keep, masks, hash, content != JsonValue.FALSE);
    }

    private static java.util.Optional<ValueMask> pattern(JsonValue entry, String at, Set<String> names,
                                                         List<Violation> violations) {
        if (!(entry instanceof JsonObject o) || !(o.get("name") instanceof JsonString n)
                || !(o.get("regex") instanceof JsonString r)) {
            violations.add(new Violation(at, "must be {\"name\": ..., \"regex\": ...}"));
            return java.util.Optional.empty();
        }
        String name = n.getString();
        String regex = r.getString();
        if (!NAME.matcher(name).matches() || BuiltInMasks.named(name).isPresent() || !names.add(name)) {
            violations.add(new Violation(at + ".name", "must be a new name of lower-case letters, digits and _"));
        }
        if (regex.isEmpty() || regex.length() > MAX_REGEX) {
            violations.add(new Violation(at + ".regex", "must have 1 to " + MAX_REGEX + " characters"));
            return java.util.Optional.empty();
        }
        try {
            Pattern compiled = Pattern.compile(regex);
            if (compiled.matcher("").find()) {
                violations.add(new Violation(at + ".regex", "matches the empty text, so it would mask everywhere"));
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new ValueMask(name, compiled));
        } catch (PatternSyntaxException e) {
            int position = position(regex, e);
            violations.add(new Violation(at + ".regex", e.getDescription() + " at position " + position));
            return java.util.Optional.empty();
        }
    }

    /** Where the pattern goes wrong: the piece RE2/J names, or the parenthesis left open. */
    static int position(String regex, PatternSyntaxException e) {
        String piece = e.getPattern();
        if (piece != null && !piece.equals(regex) && regex.contains(piece)) {
            return regex.indexOf(piece);
        }
        java.util.Deque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                open.push(i);
            } else if (c == ')' && !open.isEmpty()) {
                open.pop();
            }
        }
        return open.isEmpty() ? 0 : open.peek();
    }

    private static List<FieldPath> paths(JsonObject json, String rule, List<Violation> violations) {
        List<String> texts = strings(json, rule, violations);
        List<FieldPath> paths = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                paths.add(FieldPath.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(rule + "[" + i + "]", e.getMessage()));
            }
        }
        return paths;
    }

    private static List<String> strings(JsonObject json, String rule, List<Violation> violations) {
        JsonValue v = json.getOrDefault(rule, JsonValue.EMPTY_JSON_ARRAY);
        if (!(v instanceof JsonArray list) || list.size() > MAX_PATHS
                || !list.stream().allMatch(JsonString.class::isInstance)) {
            violations.add(new Violation(rule, "must be a list of at most " + MAX_PATHS + " strings"));
            return List.of();
        }
        return list.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    /** The rule set as it is stored and shown, in the form {@link #read} takes. */
    public JsonObject toJson() {
        var patterns = Jsonp.createArrayBuilder();
        var builtIns = Jsonp.createArrayBuilder();
        for (ValueMask m : masks) {
            if (BuiltInMasks.named(m.name()).isPresent()) {
                builtIns.add(m.name());
            } else {
                patterns.add(Jsonp.createObjectBuilder().add("name", m.name()).add("regex", m.pattern().pattern()));
            }
        }
        return Jsonp.createObjectBuilder()
                .add("drop", texts(drop)).add("keep", texts(keep)).add("mask", builtIns)
                .add("patterns", patterns).add("hash", texts(hash)).add("content", content).build();
    }

    private static jakarta.json.JsonArrayBuilder texts(List<FieldPath> paths) {
        var out = Jsonp.createArrayBuilder();
        paths.forEach(p -> out.add(p.text()));
        return out;
    }
}
