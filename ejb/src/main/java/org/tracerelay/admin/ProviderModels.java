package org.tracerelay.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The config model of every provider id the contract names. A provider is listed here as soon
 * as its model exists; whether an exporter exists for it is the exporter registry's business.
 */
public final class ProviderModels {

    /** Every provider id of the contract, in its order. */
    public static final List<String> IDS = List.of("arize", "phoenix", "langfuse", "langsmith", "opik", "weave",
            "aliyun", "mlflow", "databricks", "tencent", "datadog", "otlp");

    private static final Map<String, ProviderModel> MODELS = Map.of(
            "otlp", new ProviderModel("otlp", List.of(
                    ConfigField.plain("endpoint", true, "", ProviderModels::httpUrl),
                    ConfigField.secret("headers", false, ProviderModels::headerPairs))));

    private ProviderModels() {
    }

    public static boolean isKnown(String provider) {
        return IDS.contains(provider);
    }

    public static Optional<ProviderModel> of(String provider) {
        return Optional.ofNullable(MODELS.get(provider));
    }

    public static Set<String> modelled() {
        return MODELS.keySet();
    }

    static String httpUrl(String value) {
        try {
            URI u = new URI(value.trim());
            if (u.getScheme() == null || !Set.of("http", "https").contains(u.getScheme().toLowerCase())
                    || u.getHost() == null) {
                return "must be an http or https URL";
            }
            return null;
        } catch (URISyntaxException e) {
            return "must be an http or https URL";
        }
    }

    static String headerPairs(String value) {
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || pair.substring(0, eq).isBlank()) {
                return "must be key=value pairs separated by commas";
            }
        }
        return null;
    }
}
