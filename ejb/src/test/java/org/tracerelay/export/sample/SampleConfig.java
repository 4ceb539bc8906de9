package org.tracerelay.export.sample;

import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** The throwaway provider's config model: an endpoint and a key that stays with it. */
public final class SampleConfig {

    public static final ProviderModel MODEL = new ProviderModel("sample", List.of(
            requiredPlain("endpoint", ConfigRules.urlWithPath(null)),
            secret("api_key")));

    private SampleConfig() {
    }
}
