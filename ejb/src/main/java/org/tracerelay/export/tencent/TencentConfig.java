package org.tracerelay.export.tencent;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Tencent APM: the config model of provider {@code tencent}, with Dify's fields, secrets, defaults and messages. */
public final class TencentConfig {

    public static final ProviderModel MODEL = new ProviderModel("tencent", List.of(
                requiredSecret("token", "Token cannot be empty"),
                plain("endpoint", "https://apm.tencentcloudapi.com", ConfigRules.originOnly()),
                plain("service_name", "dify_app", ConfigRules.trimmed())));

    private TencentConfig() {
    }
}
