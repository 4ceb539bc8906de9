package org.tracerelay.export.aliyun;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Aliyun (Alibaba Cloud) tracing: the config model of provider {@code aliyun}, with Dify's fields, secrets, defaults and messages. */
public final class AliyunConfig {

    public static final ProviderModel MODEL = new ProviderModel("aliyun", List.of(
                requiredSecret("license_key", "License key cannot be empty"),
                plain("endpoint", "https://tracing-analysis-dc-hz.aliyuncs.com", ConfigRules.urlWithPath(null)),
                plain("app_name", "dify_app", ConfigRules.trimmed())));

    private AliyunConfig() {
    }
}
