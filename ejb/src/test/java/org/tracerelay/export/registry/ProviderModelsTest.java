package org.tracerelay.export.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.refusal.Violation;

/** One case per validator rule of Dify's config classes (dify-ops-core §2.3-2.4, §6.6). */
class ProviderModelsTest {

    /** The smallest valid config of each provider, to which a case adds its one field. */
    static final Map<String, Map<String, String>> BASE = Map.ofEntries(
            Map.entry("arize", Map.of()), Map.entry("phoenix", Map.of()),
            Map.entry("langfuse", Map.of("public_key", "pk-lf-1", "secret_key", "sk-lf-1")),
            Map.entry("langsmith", Map.of("api_key", "ls-key", "project", "p")),
            Map.entry("opik", Map.of()), Map.entry("weave", Map.of("api_key", "wk", "project", "p")),
            Map.entry("aliyun", Map.of("license_key", "lk")), Map.entry("mlflow", Map.of()),
            Map.entry("databricks", Map.of("experiment_id", "12", "host", "https://dbc.cloud.databricks.com",
                    "personal_access_token", "dapi-1")),
            Map.entry("tencent", Map.of("token", "tk", "endpoint", "http://ap-guangzhou.apm.tencentcs.com:4317")), Map.entry("datadog", Map.of("api_key", "dd")),
            Map.entry("otlp", Map.of("endpoint", "http://collector:4318")));

    static ProviderModel.Result apply(String provider, String field, String value) {
        Map<String, String> given = new HashMap<>(BASE.get(provider));
        if (field != null) {
            given.put(field, value);
        }
        return ClassPathProviders.shipped().of(provider).orElseThrow().apply(given);
    }

    @ParameterizedTest(name = "{0}.{1}=''{2}'' -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "arize|project||default",
        "arize|project|  my project |my project",
        "arize|endpoint|https://otlp.arize.com/v1/traces?x=1|https://otlp.arize.com",
        "arize|endpoint||https://otlp.arize.com",
        "phoenix|endpoint|https://app.phoenix.arize.com/s/dify-integration|https://app.phoenix.arize.com/s/dify-integration",
        "phoenix|project||default",
        "langfuse|host||https://api.langfuse.com",
        "langfuse|host|http://localhost:3000/langfuse|http://localhost:3000/langfuse",
        "langsmith|endpoint|https://eu.api.smith.langchain.com/api/v1/|https://eu.api.smith.langchain.com/api/v1",
        "opik|project||Default Project",
        "opik|url|https://opik.internal:5173/api/|https://opik.internal:5173/api/",
        "weave|host||''",
        "weave|host|http://weave.internal:8080/x|http://weave.internal:8080",
        "aliyun|app_name||dify_app",
        "aliyun|endpoint||https://tracing-analysis-dc-hz.aliyuncs.com",
        "aliyun|endpoint|http://tracing-cn-heyuan-internal.arms.aliyuncs.com|http://tracing-cn-heyuan-internal.arms.aliyuncs.com",
        "aliyun|endpoint|https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/opentelemetry|https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/opentelemetry",
        "mlflow|tracking_uri||http://localhost:5000",
        "mlflow|experiment_id| 42 |42",
        "mlflow|experiment_id||0",
        "tencent|endpoint|http://ap-guangzhou.apm.tencentcs.com:4317/|http://ap-guangzhou.apm.tencentcs.com:4317",
        "tencent|service_name||dify_app",
        "datadog|site| us5.datadoghq.com |us5.datadoghq.com",
        "datadog|site||datadoghq.com",
        "datadog|service_name||dify_app"
    })
    void normalizes(String provider, String field, String value, String expected) {
        ProviderModel.Result r = apply(provider, field, value);
        assertEquals(List.of(), r.violations());
        assertEquals(expected, r.config().get(field));
    }

    @ParameterizedTest(name = "{0}.{1}=''{2}'' -> {3}")
    @CsvSource(delimiter = '|', value = {
        "arize|endpoint|ftp://otlp.arize.com|URL scheme must be one of: https, http",
        "arize|endpoint|otlp.arize.com|URL scheme must be one of: https, http",
        "phoenix|endpoint|ws://phoenix|URL must start with https:// or http://",
        "langfuse|host|ftp://langfuse|URL must start with https:// or http://",
        "langfuse|public_key| |public_key is required",
        "langsmith|endpoint|http://api.smith.langchain.com|URL scheme must be one of: https",
        "langsmith|project| |project is required",
        "opik|url|https://www.comet.com/opik/|URL should end with /api/",
        "weave|endpoint|http://trace.wandb.ai|URL scheme must be one of: https",
        "aliyun|license_key|   |License key cannot be empty",
        "mlflow|tracking_uri|databricks://profile|Please use Databricks tracing config below to record traces to Databricks-managed MLflow instances.",
        "mlflow|experiment_id|abc|ID must be a valid integer",
        "databricks|experiment_id|12a|ID must be a valid integer",
        "databricks|host| |host is required",
        "tencent|token| |Token cannot be empty",
        "tencent|endpoint|apm.tencentcloudapi.com|URL scheme must be one of: https, http",
        "tencent|endpoint|https://apm.tencentcloudapi.com|endpoint apm.tencentcloudapi.com is the Tencent Cloud API, not an APM collector: enter the APM access point from the APM console (access an application, OpenTelemetry), e.g. http://ap-guangzhou.apm.tencentcs.com:4317, or http://pl.ap-guangzhou.apm.tencentcs.com:4317 from inside a Tencent Cloud VPC",
        "datadog|api_key|  |api_key is required",
        "datadog|site|https://datadoghq.com|site must be a hostname (e.g. datadoghq.com), not a URL",
        "datadog|site|datadoghq.com:443|site must be a hostname (e.g. datadoghq.com), not a URL",
        "datadog|site|DDSTAGING.datadoghq.com|site is not supported: DDSTAGING.datadoghq.com",
        "otlp|endpoint|ftp://collector|URL must start with https:// or http://",
        "otlp|headers|novalue|must be key=value pairs separated by commas"
    })
    void refuses(String provider, String field, String value, String message) {
        assertEquals(List.of(new Violation("tracing_config." + field, message)), apply(provider, field, value).violations());
    }

    @Test
    void everyContractProviderHasAModel() {
        assertEquals(Stream.of("arize", "phoenix", "langfuse", "langsmith", "opik", "weave", "aliyun", "mlflow",
                "databricks", "tencent", "datadog", "otlp").sorted().toList(), ClassPathProviders.shipped().ids());
        assertFalse(ClassPathProviders.shipped().isKnown("nosuch"));
        assertFalse(ClassPathProviders.shipped().isKnown(null));
    }

    @Test
    void secretKeysAreDifysSecretKeys() {
        Map<String, List<String>> secrets = Map.ofEntries(
                Map.entry("langfuse", List.of("public_key", "secret_key")), Map.entry("langsmith", List.of("api_key")),
                Map.entry("opik", List.of("api_key")), Map.entry("weave", List.of("api_key")),
                Map.entry("arize", List.of("api_key", "space_id")), Map.entry("phoenix", List.of("api_key")),
                Map.entry("aliyun", List.of("license_key")), Map.entry("mlflow", List.of("password")),
                Map.entry("databricks", List.of("client_secret", "personal_access_token")),
                Map.entry("tencent", List.of("token")), Map.entry("datadog", List.of("api_key")),
                Map.entry("otlp", List.of("headers")));
        secrets.forEach((provider, keys) -> {
            ProviderModel m = ClassPathProviders.shipped().of(provider).orElseThrow();
            List<String> actual = m.fields().stream().filter(ConfigField::secret).map(ConfigField::name).toList();
            assertEquals(keys, actual, provider);
        });
    }

    @Test
    void unknownKeysAreDroppedAndLangfuseProjectKeyWithThem() {
        ProviderModel.Result r = apply("langfuse", "project_key", "pk");
        assertTrue(r.valid());
        assertFalse(r.config().containsKey("project_key"));
        assertEquals(List.of("public_key", "secret_key", "host", "ingestion"), List.copyOf(r.config().keySet()));
    }

    @Test
    void aValueWithALineBreakOrAHeaderNameHttpRefusesIsInvalidWithoutQuotingIt() {
        ProviderModel.Result newline = apply("otlp", "headers", "authorization=Bearer sk-1\nX-Other: 2");
        assertEquals(List.of(new Violation("tracing_config.headers", "must not contain line breaks or control characters")),
                newline.violations());
        ProviderModel.Result name = apply("otlp", "headers", "x api key=sk-1");
        assertEquals(List.of(new Violation("tracing_config.headers",
                "header names may hold only letters, digits and !#$%&'*+-.^_`|~")), name.violations());
        ProviderModel.Result key = apply("langfuse", "secret_key", "sk-lf-1\r\n");
        assertEquals(List.of("tracing_config.secret_key"), key.violations().stream().map(Violation::path).toList());
        assertTrue(apply("otlp", "headers", "x-api-key=a b*c,authorization=Bearer t").valid());
    }
}
