package org.tracerelay.redaction;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.function.Predicate;

/**
 * One shape of value to mask, matched by a linear-time (RE2) pattern; {@code check} confirms a
 * match (a card's Luhn digit, an IBAN's check digits) so look-alikes go through unchanged;
 * {@code mayMatch} is a cheap test that rules a text out before the pattern runs (no '@', too few digits).
 */
public record ValueMask(String name, Pattern pattern, Predicate<String> check, Predicate<String> mayMatch) {

    /** A tenant's own pattern: no check; texts without its literal start (if it has one) are ruled out. */
    public ValueMask(String name, Pattern pattern) {
        this(name, pattern, found -> true, literalStart(pattern.pattern()));
    }

    /** {@code ORD-[0-9]{6}} can only match a text holding "ORD-"; a pattern with | or flags gets no such test. */
    static Predicate<String> literalStart(String regex) {
        if (regex.indexOf('|') >= 0) {
            return text -> true;
        }
        int end = 0;
        while (end < regex.length() && (Character.isLetterOrDigit(regex.charAt(end)) || regex.charAt(end) == '-'
                || regex.charAt(end) == '_' || regex.charAt(end) == ' ' || regex.charAt(end) == ':')) {
            end++;
        }
        if (end < regex.length() && "?*{".indexOf(regex.charAt(end)) >= 0) {
            end--; // the last literal is optional or repeated: not required as written
        }
        String literal = end > 1 ? regex.substring(0, end) : "";
        return literal.isEmpty() ? text -> true : text -> text.contains(literal);
    }

    /** Masks every confirmed match in {@code text}; adds their count to the report. */
    String apply(String text, RedactionReport report) {
        if (!mayMatch.test(text)) {
            return text;
        }
        Matcher m = pattern.matcher(text);
        StringBuilder out = null;
        int last = 0;
        int from = 0;
        while (from <= text.length() && m.find(from)) {
            int end = confirmedEnd(m.group(), m.start());
            if (end < 0) {
                from = m.end() > m.start() ? m.end() : m.end() + 1;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, last, m.start()).append("[redacted:").append(name).append(']');
            last = end;
            from = end;
            report.add(name, 1);
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    /**
     * Where the confirmed value ends: the whole match, or, when a loose pattern took a group too
     * many ("DE89 3704 ... 00 EUR"), its longest prefix ending before a separator that passes the check.
     */
    private int confirmedEnd(String found, int start) {
        if (check.test(found)) {
            return start + found.length();
        }
        for (int p = found.length() - 1; p > 0; p--) {
            char c = found.charAt(p);
            if ((c == ' ' || c == '-') && check.test(found.substring(0, p))) {
                return start + p;
            }
        }
        return -1;
    }
}
