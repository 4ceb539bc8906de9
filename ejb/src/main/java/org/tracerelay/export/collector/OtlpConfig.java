package org.tracerelay.export.collector;

import static org.tracerelay.export.ConfigField.requiredPlain;

import java.util.List;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Any OTLP/HTTP collector: the config model of provider {@code otlp}, with Dify's fields, secrets, defaults and messages. */
public final class OtlpConfig {

    public static final ProviderModel MODEL = new ProviderModel("otlp", List.of(
                requiredPlain("endpoint", ConfigRules.urlWithPath(null)),
                new ConfigField("headers", true, "", null, ConfigRules::headerPairs)));

    private OtlpConfig() {
    }
}
