package org.tracerelay.export.databricks;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import java.util.Map;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Databricks-managed MLflow: the config model of provider {@code databricks}, with Dify's fields, secrets, defaults and messages. */
public final class DatabricksConfig {

    static final String MISSING_CREDENTIALS =
            "Either Databricks token (personal_access_token) or client id and secret (client_id and client_secret) must be provided";

    public static final ProviderModel MODEL = new ProviderModel("databricks", List.of(
                requiredPlain("experiment_id", ConfigRules::integerId),
                requiredPlain("host", DatabricksConfig::host),
                plain("client_id", "", ConfigRules.trimmed()),
                secret("client_secret"),
                secret("personal_access_token")), DatabricksConfig::missingCredentials);

    private DatabricksConfig() {
    }

    /**
     * A workspace URL; a bare hostname (as the Databricks console shows it) means https. Stored
     * with its scheme, so the outbound guard and the stored-secret rule see the real destination.
     */
    static String host(String v) {
        String h = v.trim();
        return ConfigRules.urlWithPath(null).apply(h.contains("://") ? h : "https://" + h);
    }

    /** Dify's rule: a personal access token, or an OAuth client id with its secret. */
    static String missingCredentials(Map<String, String> config) {
        boolean token = !blank(config.get("personal_access_token"));
        boolean client = !blank(config.get("client_id")) && !blank(config.get("client_secret"));
        return token || client ? null : MISSING_CREDENTIALS;
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }
}
