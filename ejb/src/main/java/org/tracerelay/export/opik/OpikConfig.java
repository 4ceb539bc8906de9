package org.tracerelay.export.opik;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Opik: the config model of provider {@code opik}, with Dify's fields, secrets, defaults and messages. */
public final class OpikConfig {

    public static final ProviderModel MODEL = new ProviderModel("opik", List.of(
                secret("api_key"),
                plain("project", "Default Project", ConfigRules.trimmed()),
                plain("workspace", "", ConfigRules.trimmed()),
                plain("url", "https://www.comet.com/opik/api/", ConfigRules.urlWithPath("/api/"))));

    private OpikConfig() {
    }
}
