package org.tracerelay.export.langfuse;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Langfuse: the config model of provider {@code langfuse}, with Dify's fields, secrets, defaults and messages. */
public final class LangfuseConfig {

    public static final ProviderModel MODEL = new ProviderModel("langfuse", List.of(
                requiredSecret("public_key", "public_key is required"),
                requiredSecret("secret_key", "secret_key is required"),
                plain("host", "https://api.langfuse.com", ConfigRules.urlWithPath(null))));

    private LangfuseConfig() {
    }
}
