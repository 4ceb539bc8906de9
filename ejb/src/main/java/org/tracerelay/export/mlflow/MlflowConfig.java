package org.tracerelay.export.mlflow;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.secret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** MLflow: the config model of provider {@code mlflow}, with Dify's fields, secrets, defaults and messages. */
public final class MlflowConfig {

    public static final ProviderModel MODEL = new ProviderModel("mlflow", List.of(
                plain("tracking_uri", "http://localhost:5000", MlflowConfig::trackingUri),
                plain("experiment_id", "0", ConfigRules::integerId),
                plain("username", "", ConfigRules.trimmed()),
                secret("password")));

    private MlflowConfig() {
    }

    /** Databricks-hosted MLflow has its own provider id, with its own credentials. */
    static String trackingUri(String v) {
        if (v.trim().startsWith("databricks")) {
            throw new IllegalArgumentException("Please use Databricks tracing config below to record traces to "
                    + "Databricks-managed MLflow instances.");
        }
        return ConfigRules.urlWithPath(null).apply(v);
    }
}
