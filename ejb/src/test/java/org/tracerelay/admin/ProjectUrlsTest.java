package org.tracerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tracerelay.export.Destination;
import org.tracerelay.export.registry.ClassPathProviders;

/** The fixed fallbacks of dify-ops-core §3.2 when the backend cannot name the project in time. */
class ProjectUrlsTest {

    /** What ProjectUrls gives when the backend does not answer in time: the provider's fixed link. */
    private static String fallback(Destination d) {
        return ClassPathProviders.shipped().get(d.provider()).map(p -> p.projectHome(d)).orElse("");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "arize|https://app.arize.com/",
        "phoenix|https://app.phoenix.arize.com/projects/",
        "langsmith|https://smith.langchain.com/",
        "opik|https://www.comet.com/opik/",
        "weave|https://wandb.ai/",
        "aliyun|https://arms.console.aliyun.com/",
        "tencent|https://console.cloud.tencent.com/apm",
        "mlflow|http://localhost:5000/",
        "databricks|https://www.databricks.com/"
    })
    void fixedFallbacks(String provider, String url) {
        assertEquals(url, fallback(new Destination(provider + "/a", provider, "a", Map.of())));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"http://test.com|http://test.com/", "https://api.langfuse.com/|https://api.langfuse.com/"})
    void langfuseFallsBackToItsHost(String host, String url) {
        assertEquals(url, fallback(new Destination("langfuse/a", "langfuse", "a", Map.of("host", host))));
    }

    @ParameterizedTest
    @CsvSource({"datadog", "otlp"})
    void noFallback(String provider) {
        assertEquals("", fallback(new Destination(provider + "/a", provider, "a", Map.of())));
    }
}
