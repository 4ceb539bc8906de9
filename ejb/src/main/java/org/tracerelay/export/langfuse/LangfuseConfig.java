package org.tracerelay.export.langfuse;

import static org.tracerelay.export.ConfigField.plain;
import static org.tracerelay.export.ConfigField.requiredSecret;

import java.util.List;
import java.util.Locale;
import org.tracerelay.export.ConfigRules;
import org.tracerelay.export.ProviderModel;

/** Langfuse: the config model of provider {@code langfuse}, with Dify's fields, secrets, defaults and messages. */
public final class LangfuseConfig {

    /** Langfuse v4's OpenTelemetry endpoint (Cloud, and self-hosted servers from v3 on). */
    public static final String OTEL = "otel";
    /** The JSON ingestion API of v2 and v3 servers, which a v4 server refuses traces and observations on. */
    public static final String LEGACY = "legacy";

    public static final ProviderModel MODEL = new ProviderModel("langfuse", List.of(
                requiredSecret("public_key", "public_key is required"),
                requiredSecret("secret_key", "secret_key is required"),
                plain("host", "https://api.langfuse.com", ConfigRules.urlWithPath(null)),
                plain("ingestion", OTEL, LangfuseConfig::ingestion)));

    private static String ingestion(String v) {
        String mode = v.trim().toLowerCase(Locale.ROOT);
        if (!mode.equals(OTEL) && !mode.equals(LEGACY)) {
            throw new IllegalArgumentException("ingestion must be otel (Langfuse v4, Cloud) or legacy (v2/v3 JSON ingestion)");
        }
        return mode;
    }

    private LangfuseConfig() {
    }
}
