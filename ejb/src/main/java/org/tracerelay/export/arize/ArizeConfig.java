package org.tracerelay.export.arize;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Arize: the config model of provider {@code arize}, with Dify's fields, secrets, defaults and messages. */
public final class ArizeConfig {

    public static final ProviderModel MODEL = new ProviderModel("arize", List.of(
                secret("api_key"), secret("space_id"),
                plain("project", "default", ConfigRules.trimmed()),
                plain("endpoint", "https://otlp.arize.com", ConfigRules.originOnly())));

    private ArizeConfig() {
    }
}
