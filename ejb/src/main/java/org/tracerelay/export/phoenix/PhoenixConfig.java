package org.tracerelay.export.phoenix;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Arize Phoenix: the config model of provider {@code phoenix}, with Dify's fields, secrets, defaults and messages. */
public final class PhoenixConfig {

    public static final ProviderModel MODEL = new ProviderModel("phoenix", List.of(
                secret("api_key"),
                plain("project", "default", ConfigRules.trimmed()),
                plain("endpoint", "https://app.phoenix.arize.com", ConfigRules.urlWithPath(null))));

    private PhoenixConfig() {
    }
}
