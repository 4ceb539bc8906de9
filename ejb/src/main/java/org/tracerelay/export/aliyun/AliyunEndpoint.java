package org.tracerelay.export.aliyun;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where Aliyun takes spans: {@code adapt_<license key>/api/otlp/traces} (Managed OpenTelemetry),
 * or {@code adapt_<license key>/api/v1/traces} on a Simple Log Service host, resolved against the
 * configured endpoint by RFC 3986 (without a trailing slash the last path segment is replaced).
 * The license key is the credential, carried in the path; no header holds it.
 */
final class AliyunEndpoint {

    static final String DEFAULT = "https://tracing-analysis-dc-hz.aliyuncs.com";
    private static final String LOG_SERVICE = "log.aliyuncs.com";

    private AliyunEndpoint() {
    }

    static URI traces(String endpoint, String licenseKey) {
        URI base = URI.create(endpoint == null || endpoint.isBlank() ? DEFAULT : endpoint.trim());
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            // URI.resolve would glue a relative path straight onto the authority
            base = base.resolve("/");
        }
        String path = isLogService(base.getHost()) ? "api/v1/traces" : "api/otlp/traces";
        return base.resolve("adapt_" + segment(licenseKey) + "/" + path);
    }

    /**
     * Exactly {@code log.aliyuncs.com} or a subdomain of it: a name that merely contains it
     * ({@code evillog.aliyuncs.com}, {@code log.aliyuncs.com.evil.example}) is not the log service.
     */
    static boolean isLogService(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.equals(LOG_SERVICE) || h.endsWith("." + LOG_SERVICE);
    }

    /**
     * The key as one path segment: a slash, dot-dot or query character in it cannot reshape the URL.
     * Aliyun's keys look like {@code xxxx@yyyy_xxxx@yyyy}: '@' is a path character (RFC 3986 pchar)
     * and goes as it is, as Aliyun's examples and Dify send it; '%40' is another key to the server.
     */
    static String segment(String licenseKey) {
        String key = licenseKey == null ? "" : licenseKey.trim();
        StringBuilder out = new StringBuilder(key.length());
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~@".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
