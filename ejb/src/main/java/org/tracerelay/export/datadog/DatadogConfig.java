package org.tracerelay.export.datadog;

import static org.tracerelay.export.ConfigField.plain;

import java.util.List;
import java.util.regex.Pattern;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Datadog: the config model of provider {@code datadog}, with Dify's fields, secrets, defaults and messages. */
public final class DatadogConfig {

    public static final String DEFAULT_SITE = "datadoghq.com";

    /** Labels of letters, digits and hyphens: anything else (scheme, port, path, user info) is not a site. */
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+");

    public static final ProviderModel MODEL = new ProviderModel("datadog", List.of(
                new ConfigField("api_key", true, "", "api_key is required", ConfigRules.trimmed()),
                plain("site", DEFAULT_SITE, DatadogConfig::site),
                plain("service_name", "dify_app", ConfigRules.trimmed())));

    private DatadogConfig() {
    }

    /** A Datadog site is a host name; the intake hosts are derived from it. */
    static String site(String v) {
        String t = v.trim();
        if (!HOST_NAME.matcher(t).matches()) {
            throw new IllegalArgumentException("site must be a hostname (e.g. datadoghq.com), not a URL");
        }
        if (t.equalsIgnoreCase("ddstaging.datadoghq.com")) {
            throw new IllegalArgumentException("site is not supported: " + t);
        }
        return t;
    }
}
