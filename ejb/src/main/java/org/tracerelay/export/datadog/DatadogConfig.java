package org.tracerelay.export.datadog;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Datadog: the config model of provider {@code datadog}, with Dify's fields, secrets, defaults and messages. */
public final class DatadogConfig {

    public static final ProviderModel MODEL = new ProviderModel("datadog", List.of(
                requiredSecret("api_key", "api_key is required"),
                plain("site", "datadoghq.com", DatadogConfig::site),
                plain("service_name", "dify_app", ConfigRules.trimmed())));

    private DatadogConfig() {
    }

    /** A Datadog site is a host name; the intake hosts are derived from it. */
    static String site(String v) {
        String t = v.trim();
        if (t.contains("/") || t.contains(":")) {
            throw new IllegalArgumentException("site must be a hostname (e.g. datadoghq.com), not a URL");
        }
        if (t.equalsIgnoreCase("ddstaging.datadoghq.com")) {
            throw new IllegalArgumentException("site is not supported: " + t);
        }
        return t;
    }
}
