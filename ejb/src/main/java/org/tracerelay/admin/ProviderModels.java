package org.tracerelay.admin;

import static org.tracerelay.admin.ConfigField.plain;
import static org.tracerelay.admin.ConfigField.requiredPlain;
import static org.tracerelay.admin.ConfigField.requiredSecret;
import static org.tracerelay.admin.ConfigField.secret;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The config model of every provider id of the contract, with Dify's fields, secret keys,
 * defaults and validator messages (dify-ops-core §2.2-2.4), plus {@code otlp}.
 */
public final class ProviderModels {

    private static final Map<String, ProviderModel> MODELS = new LinkedHashMap<>();

    static {
        add("arize", secret("api_key"), secret("space_id"),
                plain("project", "default", ConfigRules.trimmed()),
                plain("endpoint", "https://otlp.arize.com", ConfigRules.originOnly()));
        add("phoenix", secret("api_key"),
                plain("project", "default", ConfigRules.trimmed()),
                plain("endpoint", "https://app.phoenix.arize.com", ConfigRules.urlWithPath(null)));
        add("langfuse", requiredSecret("public_key", "public_key is required"),
                requiredSecret("secret_key", "secret_key is required"),
                plain("host", "https://api.langfuse.com", ConfigRules.urlWithPath(null)));
        add("langsmith", requiredSecret("api_key", "api_key is required"),
                requiredPlain("project", ConfigRules.trimmed()),
                plain("endpoint", "https://api.smith.langchain.com", ConfigRules.originOnly(List.of("https"))));
        add("opik", secret("api_key"),
                plain("project", "Default Project", ConfigRules.trimmed()),
                plain("workspace", "", ConfigRules.trimmed()),
                plain("url", "https://www.comet.com/opik/api/", ConfigRules.urlWithPath("/api/")));
        add("weave", requiredSecret("api_key", "api_key is required"),
                plain("entity", "", ConfigRules.trimmed()),
                requiredPlain("project", ConfigRules.trimmed()),
                plain("endpoint", "https://trace.wandb.ai", ConfigRules.originOnly(List.of("https"))),
                plain("host", "", ConfigRules.originOnly()));
        add("aliyun", requiredSecret("license_key", "License key cannot be empty"),
                plain("endpoint", "https://tracing-analysis-dc-hz.aliyuncs.com", ConfigRules.urlWithPath(null)),
                plain("app_name", "dify_app", ConfigRules.trimmed()));
        add("mlflow", plain("tracking_uri", "http://localhost:5000", ConfigRules::mlflowTrackingUri),
                plain("experiment_id", "0", ConfigRules::integerId),
                plain("username", "", ConfigRules.trimmed()),
                secret("password"));
        add("databricks", requiredPlain("experiment_id", ConfigRules::integerId),
                requiredPlain("host", ConfigRules.trimmed()),
                plain("client_id", "", ConfigRules.trimmed()),
                secret("client_secret"),
                secret("personal_access_token"));
        add("tencent", requiredSecret("token", "Token cannot be empty"),
                plain("endpoint", "https://apm.tencentcloudapi.com", ConfigRules.originOnly()),
                plain("service_name", "dify_app", ConfigRules.trimmed()));
        add("datadog", requiredSecret("api_key", "api_key is required"),
                plain("site", "datadoghq.com", ConfigRules::datadogSite),
                plain("service_name", "dify_app", ConfigRules.trimmed()));
        add("otlp", requiredPlain("endpoint", ConfigRules.urlWithPath(null)),
                new ConfigField("headers", true, "", null, ConfigRules::headerPairs));
    }

    /** Every provider id of the contract, in its order. */
    public static final List<String> IDS = List.copyOf(MODELS.keySet());

    private ProviderModels() {
    }

    private static void add(String id, ConfigField... fields) {
        MODELS.put(id, new ProviderModel(id, List.of(fields)));
    }

    public static boolean isKnown(String provider) {
        return provider != null && MODELS.containsKey(provider);
    }

    public static Optional<ProviderModel> of(String provider) {
        return Optional.ofNullable(provider == null ? null : MODELS.get(provider));
    }
}
