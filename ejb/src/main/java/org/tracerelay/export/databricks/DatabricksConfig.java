package org.tracerelay.export.databricks;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredPlain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Databricks-managed MLflow: the config model of provider {@code databricks}, with Dify's fields, secrets, defaults and messages. */
public final class DatabricksConfig {

    public static final ProviderModel MODEL = new ProviderModel("databricks", List.of(
                requiredPlain("experiment_id", ConfigRules::integerId),
                requiredPlain("host", ConfigRules.trimmed()),
                plain("client_id", "", ConfigRules.trimmed()),
                secret("client_secret"),
                secret("personal_access_token")));

    private DatabricksConfig() {
    }
}
