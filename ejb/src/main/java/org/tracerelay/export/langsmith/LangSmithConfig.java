package org.tracerelay.export.langsmith;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/**
 * LangSmith: the config model of provider {@code langsmith}, with Dify's fields, secrets, defaults and
 * messages, and {@code workspace_id}, which an org-scoped key needs (sent as {@code X-Tenant-Id}).
 */
public final class LangSmithConfig {

    public static final ProviderModel MODEL = new ProviderModel("langsmith", List.of(
                requiredSecret("api_key", "api_key is required"),
                requiredPlain("project", ConfigRules.trimmed()),
                plain("endpoint", "https://api.smith.langchain.com", LangSmithConfig::endpoint),
                plain("workspace_id", "", ConfigRules.trimmed())));

    /** https only, and the path kept: a self-hosted LangSmith serves its API under a prefix such as {@code /api/v1}. */
    private static String endpoint(String v) {
        ConfigRules.originOnly(List.of("https")).apply(v);
        String url = v.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    private LangSmithConfig() {
    }
}
