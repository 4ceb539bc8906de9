package org.tracerelay.export.enterprise;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The ENTERPRISE_* settings of the data dictionary §2, read once. Telemetry is on only when both
 * switches are and an endpoint is set.
 */
public record EnterpriseSettings(boolean enabled, String endpoint, Map<String, String> headers, Protocol protocol,
                                 boolean includeContent, String serviceName, double samplingRate, String hostName) {

    private static final Logger LOG = Logger.getLogger(EnterpriseSettings.class.getName());

    public enum Protocol { HTTP, GRPC }

    public EnterpriseSettings {
        headers = Map.copyOf(headers);
    }

    /** @param config a setting by its env name, or null when unset */
    public static EnterpriseSettings read(Function<String, String> config, String hostName) {
        boolean switches = bool(config.apply("ENTERPRISE_ENABLED"), false)
                && bool(config.apply("ENTERPRISE_TELEMETRY_ENABLED"), false);
        String endpoint = blankToNull(config.apply("ENTERPRISE_OTLP_ENDPOINT"));
        if (switches && endpoint == null) {
            LOG.warning("enterprise telemetry is switched on but ENTERPRISE_OTLP_ENDPOINT is empty: it stays off");
        }
        String protocolText = blankToNull(config.apply("ENTERPRISE_OTLP_PROTOCOL"));
        Protocol protocol = protocolText == null ? Protocol.HTTP : Protocol.valueOf(protocolText.trim().toUpperCase(Locale.ROOT));
        String service = blankToNull(config.apply("ENTERPRISE_SERVICE_NAME"));
        String rate = blankToNull(config.apply("ENTERPRISE_OTEL_SAMPLING_RATE"));
        double samplingRate = rate == null ? 1.0 : Double.parseDouble(rate.trim());
        if (samplingRate < 0.0 || samplingRate > 1.0) {
            throw new IllegalArgumentException("ENTERPRISE_OTEL_SAMPLING_RATE must be within 0.0 and 1.0, not " + rate);
        }
        return new EnterpriseSettings(switches && endpoint != null, endpoint == null ? null : endpoint.trim(),
                headers(config.apply("ENTERPRISE_OTLP_HEADERS"), config.apply("ENTERPRISE_OTLP_API_KEY")), protocol,
                bool(config.apply("ENTERPRISE_INCLUDE_CONTENT"), true), service == null ? "dify" : service.trim(),
                samplingRate, hostName);
    }

    /**
     * {@code k=v,k2=v2}: split at the first {@code =}, trimmed, values URL-decoded, pairs without
     * {@code =} ignored. An API key becomes {@code authorization: Bearer <key>} and wins over one in the headers.
     */
    static Map<String, String> headers(String text, String apiKey) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && !pair.substring(0, eq).isBlank()) {
                    headers.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1).trim(), StandardCharsets.UTF_8));
                }
            }
        }
        if (apiKey != null && !apiKey.isBlank()) {
            if (headers.containsKey("authorization")) {
                LOG.warning("ENTERPRISE_OTLP_API_KEY replaces the authorization header of ENTERPRISE_OTLP_HEADERS");
            }
            headers.put("authorization", "Bearer " + apiKey.trim());
        }
        return headers;
    }

    /** Resource attributes of every signal (§3). */
    public Map<String, Object> resource() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("service.name", serviceName);
        r.put("host.name", hostName);
        return r;
    }

    public ContentGate gate() {
        return new ContentGate(includeContent);
    }

    private static boolean bool(String text, boolean fallback) {
        return text == null || text.isBlank() ? fallback : Boolean.parseBoolean(text.trim());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        // Header values may hold credentials.
        return "EnterpriseSettings[enabled=" + enabled + ", endpoint=" + endpoint + ", protocol=" + protocol
                + ", headers=" + headers.keySet() + "]";
    }
}
