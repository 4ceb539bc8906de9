package org.tracerelay.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** Dify's shared config validators (ops utils), with their messages. */
public final class ConfigRules {

    private static final List<String> HTTP_OR_HTTPS = List.of("https", "http");

    private ConfigRules() {
    }

    /** validate_url: scheme from the allowed list; keeps scheme://host[:port] only. */
    public static UnaryOperator<String> originOnly(List<String> schemes) {
        return v -> {
            URI u = parse(v.trim());
            if (u == null || u.getScheme() == null || !schemes.contains(u.getScheme().toLowerCase(Locale.ROOT))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("URL scheme must be one of: " + String.join(", ", schemes));
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
        };
    }

    public static UnaryOperator<String> originOnly() {
        return originOnly(HTTP_OR_HTTPS);
    }

    /** validate_url_with_path: http(s), path kept, optional required suffix. */
    public static UnaryOperator<String> urlWithPath(String requiredSuffix) {
        return v -> {
            String url = v.trim();
            URI u = parse(url);
            if (u == null || u.getScheme() == null || !HTTP_OR_HTTPS.contains(u.getScheme().toLowerCase(Locale.ROOT))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("URL must start with https:// or http://");
            }
            if (requiredSuffix != null && !url.endsWith(requiredSuffix)) {
                throw new IllegalArgumentException("URL should end with " + requiredSuffix);
            }
            return url;
        };
    }

    public static UnaryOperator<String> trimmed() {
        return String::trim;
    }

    /** validate_integer_id. */
    public static String integerId(String v) {
        String t = v.trim();
        if (!t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("ID must be a valid integer");
        }
        return t;
    }

    /** What HTTP allows as a header name (RFC 9110 token). */
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    public static String headerPairs(String v) {
        for (String pair : v.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("must be key=value pairs separated by commas");
            }
            if (!HEADER_NAME.matcher(pair.substring(0, eq).trim()).matches()) {
                throw new IllegalArgumentException("header names may hold only letters, digits and !#$%&'*+-.^_`|~");
            }
        }
        return v.trim();
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
