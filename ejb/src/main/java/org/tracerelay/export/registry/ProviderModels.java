package org.tracerelay.export.registry;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.aliyun.AliyunConfig;
import org.tracerelay.export.arize.ArizeConfig;
import org.tracerelay.export.databricks.DatabricksConfig;
import org.tracerelay.export.datadog.DatadogConfig;
import org.tracerelay.export.langfuse.LangfuseConfig;
import org.tracerelay.export.langsmith.LangSmithConfig;
import org.tracerelay.export.mlflow.MlflowConfig;
import org.tracerelay.export.opik.OpikConfig;
import org.tracerelay.export.otlp.OtlpConfig;
import org.tracerelay.export.phoenix.PhoenixConfig;
import org.tracerelay.export.tencent.TencentConfig;
import org.tracerelay.export.weave.WeaveConfig;

/**
 * Every provider id of the contract with its config model (dify-ops-core §2.2-2.4), plus
 * {@code otlp}. A new provider is one entry here and a package of its own under {@code export}.
 */
public final class ProviderModels {

    private static final Map<String, ProviderModel> MODELS = new LinkedHashMap<>();

    static {
        for (ProviderModel m : List.of(ArizeConfig.MODEL, PhoenixConfig.MODEL, LangfuseConfig.MODEL, LangSmithConfig.MODEL,
                OpikConfig.MODEL, WeaveConfig.MODEL, AliyunConfig.MODEL, MlflowConfig.MODEL,
                DatabricksConfig.MODEL, TencentConfig.MODEL, DatadogConfig.MODEL, OtlpConfig.MODEL)) {
            MODELS.put(m.id(), m);
        }
    }

    /** Every provider id of the contract, in its order. */
    public static final List<String> IDS = List.copyOf(MODELS.keySet());

    private ProviderModels() {
    }

    public static boolean isKnown(String provider) {
        return provider != null && MODELS.containsKey(provider);
    }

    public static Optional<ProviderModel> of(String provider) {
        return Optional.ofNullable(provider == null ? null : MODELS.get(provider));
    }
}
