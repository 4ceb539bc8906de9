package org.tracerelay.export.tencent;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import java.util.Locale;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/**
 * Tencent APM: the config model of provider {@code tencent}, with Dify's fields and secrets. The
 * endpoint has no default: Dify's ({@code https://apm.tencentcloudapi.com}) is the Cloud API
 * domain, which takes no OTLP. What a user enters is the APM access point the console shows for
 * their region and network, as Tencent's OpenTelemetry access guides give it.
 */
public final class TencentConfig {

    /** What to enter, as Tencent APM's access guides write the access point. */
    static final String ACCESS_POINT = "the APM access point from the APM console (access an application, OpenTelemetry), "
            + "e.g. http://ap-guangzhou.apm.tencentcs.com:4317, or http://pl.ap-guangzhou.apm.tencentcs.com:4317 "
            + "from inside a Tencent Cloud VPC";

    public static final ProviderModel MODEL = new ProviderModel("tencent", List.of(
                requiredSecret("token", "Token cannot be empty"),
                new ConfigField("endpoint", false, "", "endpoint is required: " + ACCESS_POINT, TencentConfig::endpoint),
                plain("service_name", "dify_app", ConfigRules.trimmed())));

    private TencentConfig() {
    }

    static String endpoint(String v) {
        String origin = ConfigRules.originOnly().apply(v);
        String refusal = notACollector(origin);
        if (refusal != null) {
            throw new IllegalArgumentException(refusal);
        }
        return origin;
    }

    /** Why an endpoint cannot be an APM collector (the Cloud API domain), or null. */
    static String notACollector(String endpoint) {
        String lower = endpoint.toLowerCase(Locale.ROOT);
        int scheme = lower.indexOf("://");
        String host = lower.substring(scheme < 0 ? 0 : scheme + 3).replaceFirst("[:/].*$", "");
        if (host.equals("tencentcloudapi.com") || host.endsWith(".tencentcloudapi.com")) {
            return "endpoint " + host + " is the Tencent Cloud API, not an APM collector: enter " + ACCESS_POINT;
        }
        return null;
    }
}
