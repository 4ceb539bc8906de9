package org.tracerelay.redaction;

import java.util.Arrays;
import java.util.List;

/**
 * A dotted path into trace_info such as {@code inputs.*} or {@code process_data.prompts}: {@code *}
 * stands for any one key, and lists are passed through, so {@code inputs.messages.content} names
 * the content of every message.
 */
public record FieldPath(String text, List<String> segments) {

    static final java.util.regex.Pattern SEGMENT = java.util.regex.Pattern.compile("\\*|[^.*\\s]{1,128}");

    public static FieldPath parse(String text) {
        List<String> segments = Arrays.asList(text.split("\\.", -1));
        if (text.isEmpty() || segments.size() > 16 || !segments.stream().allMatch(s -> SEGMENT.matcher(s).matches())) {
            throw new IllegalArgumentException("must be keys joined by dots, each a key or *");
        }
        return new FieldPath(text, List.copyOf(segments));
    }

    /** Whether the path names exactly the field at {@code at}. */
    boolean matches(List<String> at) {
        if (at.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < at.size(); i++) {
            if (!segments.get(i).equals("*") && !segments.get(i).equals(at.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the field at {@code at} lies on the way to this path (so it may hold what the path names). */
    boolean leadsTo(List<String> at) {
        return at.size() < segments.size() && new FieldPath(text, segments.subList(0, at.size())).matches(at);
    }

    /** Whether the field at {@code at} is this path's field or lies inside it. */
    boolean covers(List<String> at) {
        return at.size() >= segments.size() && matches(at.subList(0, segments.size()));
    }
}
