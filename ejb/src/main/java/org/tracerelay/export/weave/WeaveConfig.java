package org.tracerelay.export.weave;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** W&B Weave: the config model of provider {@code weave}, with Dify's fields, secrets, defaults and messages. */
public final class WeaveConfig {

    public static final ProviderModel MODEL = new ProviderModel("weave", List.of(
                requiredSecret("api_key", "api_key is required"),
                plain("entity", "", ConfigRules.trimmed()),
                requiredPlain("project", ConfigRules.trimmed()),
                plain("endpoint", "https://trace.wandb.ai", ConfigRules.originOnly(List.of("https"))),
                plain("host", "", ConfigRules.originOnly())));

    private WeaveConfig() {
    }
}
