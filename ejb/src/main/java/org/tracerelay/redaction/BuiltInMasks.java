package org.tracerelay.redaction;

import com.google.re2j.Pattern;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The value shapes a rule set can name. Cards and IBANs are found loosely and confirmed by their
 * check digits; the order matters: an IBAN's digits are not taken for a card, nor a card's for a phone.
 */
public final class BuiltInMasks {

    private static final Map<String, ValueMask> BY_NAME = new LinkedHashMap<>();

    static {
        add("bearer", t -> t.contains("earer") || t.contains("EARER") || t.contains("eyJ"), "(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]{8,}|\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}");
        add("api_key", t -> t.contains("k-") || t.contains("AKIA") || t.contains("AIza") || t.contains("xox")
                || (t.contains("gh") && t.indexOf('_') >= 0), "\\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\\bAKIA[0-9A-Z]{16}\\b|\\bgh[pousr]_[A-Za-z0-9]{30,}"
                + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}|\\bAIza[0-9A-Za-z_-]{35}");
        add("email", t -> t.indexOf('@') > 0, "[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
        add("iban", t -> t.length() >= 15 && digits(t, 4), "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b", BuiltInMasks::iban);
        add("card", t -> digits(t, 13), "\\b\\d(?:[ -]?\\d){12,18}\\b", BuiltInMasks::luhn);
        add("ip", t -> (t.indexOf('.') >= 0 && digits(t, 4)) || t.contains("::") || t.chars().filter(c -> c == ':').count() >= 7, "\\b(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}\\b"
                + "|\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b"
                + "|\\b(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5})?\\b");
        add("phone", t -> digits(t, 7), "\\+\\d{1,3}[ .-]?\\(?\\d{1,4}\\)?(?:[ .-]?\\d{2,4}){2,5}\\b"
                + "|\\b0[1-9]\\d{1,3}[ /.-]?\\d{3,4}[ .-]?\\d{3,4}\\b"
                + "|\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}\\b|\\b\\d{3}[.-]\\d{3}[.-]\\d{4}\\b");
    }

    private BuiltInMasks() {
    }

    private static void add(String name, Predicate<String> mayMatch, String regex) {
        add(name, mayMatch, regex, found -> true);
    }

    private static void add(String name, Predicate<String> mayMatch, String regex, Predicate<String> check) {
        BY_NAME.put(name, new ValueMask(name, Pattern.compile(regex), check, mayMatch));
    }

    /** Whether the text holds at least {@code n} digits. */
    static boolean digits(String text, int n) {
        int found = 0;
        for (int i = 0; i < text.length() && found < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                found++;
            }
        }
        return found >= n;
    }

    public static Optional<ValueMask> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The built-in names in the order they apply. */
    public static java.util.List<String> names() {
        return java.util.List.copyOf(BY_NAME.keySet());
    }

    static boolean luhn(String found) {
        String digits = found.replaceAll("[ -]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** ISO 13616: the country and check digits moved to the end, letters as numbers, mod 97 is 1. */
    static boolean iban(String found) {
        String compact = found.replace(" ", "");
        if (compact.length() < 15 || compact.length() > 34) {
            return false;
        }
        String moved = compact.substring(4) + compact.substring(0, 4);
        StringBuilder numeric = new StringBuilder(moved.length() * 2);
        for (char c : moved.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
    }
}
