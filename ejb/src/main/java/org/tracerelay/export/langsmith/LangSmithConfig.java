package org.tracerelay.export.langsmith;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** LangSmith: the config model of provider {@code langsmith}, with Dify's fields, secrets, defaults and messages. */
public final class LangSmithConfig {

    public static final ProviderModel MODEL = new ProviderModel("langsmith", List.of(
                requiredSecret("api_key", "api_key is required"),
                requiredPlain("project", ConfigRules.trimmed()),
                plain("endpoint", "https://api.smith.langchain.com", ConfigRules.originOnly(List.of("https")))));

    private LangSmithConfig() {
    }
}
