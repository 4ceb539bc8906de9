package org.tracerelay.export.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.registry.ClassPathProviders;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/** Aliyun's wire: the traces URL, the collector's answers, the credential check, project URL and config rules. */
class AliyunExporterTest {

    FakeBackend backend;
    AliyunExporter exporter;

    @BeforeEach
    void start() throws Exception {
        backend = new FakeBackend();
        exporter = new AliyunExporter(FakeBackend.http(), Duration.ofSeconds(2), "dify-1.9.0-abc123", "PRODUCTION-SELF_HOSTED");
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    Destination at(String endpoint) {
        return new Destination("aliyun/app", "aliyun", Tasks.APP, Map.of("license_key", "lk-123", "endpoint", endpoint));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    static boolean holds(FakeBackend.Request r, String spanName) {
        try {
            return ExportTraceServiceRequest.parseFrom(r.body()).getResourceSpansList().stream()
                    .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream())
                    .map(Span::getName).anyMatch(spanName::equals);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static FakeBackend.Answer partialSuccess(long rejected) {
        ExportTraceServiceResponse r = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage("bad span")).build();
        return FakeBackend.Answer.of(200, new String(r.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://tracing-analysis-dc-hz.aliyuncs.com|https://tracing-analysis-dc-hz.aliyuncs.com/adapt_lk-123/api/otlp/traces",
        "https://tracing-analysis-dc-hz.aliyuncs.com/|https://tracing-analysis-dc-hz.aliyuncs.com/adapt_lk-123/api/otlp/traces",
        "http://tracing-cn-heyuan.arms.aliyuncs.com/base/|http://tracing-cn-heyuan.arms.aliyuncs.com/base/adapt_lk-123/api/otlp/traces",
        "http://tracing-cn-heyuan.arms.aliyuncs.com/base|http://tracing-cn-heyuan.arms.aliyuncs.com/adapt_lk-123/api/otlp/traces",
        "https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/opentelemetry/|https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/opentelemetry/adapt_lk-123/api/v1/traces",
        "https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/opentelemetry|https://proj.cn-hangzhou.log.aliyuncs.com/apm/trace/adapt_lk-123/api/v1/traces",
        "https://log.aliyuncs.com|https://log.aliyuncs.com/adapt_lk-123/api/v1/traces",
        "https://evillog.aliyuncs.com|https://evillog.aliyuncs.com/adapt_lk-123/api/otlp/traces",
        "https://log.aliyuncs.com.evil.example|https://log.aliyuncs.com.evil.example/adapt_lk-123/api/otlp/traces",
        "https://evil.example/log.aliyuncs.com/|https://evil.example/log.aliyuncs.com/adapt_lk-123/api/otlp/traces",
        "https://evil.example/?host=log.aliyuncs.com|https://evil.example/adapt_lk-123/api/otlp/traces",
        "https://proj.LOG.aliyuncs.com.|https://proj.LOG.aliyuncs.com./adapt_lk-123/api/v1/traces",
        "'  '|https://tracing-analysis-dc-hz.aliyuncs.com/adapt_lk-123/api/otlp/traces",
    })
    void theTracesUrlJoinsLikeRfc3986AndTestsTheLogHostExactly(String endpoint, String expected) {
        assertEquals(expected, AliyunEndpoint.traces(endpoint, "lk-123").toString());
    }

    @Test
    void theLicenseKeyStaysOnePathSegment() {
        assertEquals("https://tracing-analysis-dc-hz.aliyuncs.com/adapt_a%2F..%2Fb%3Fc%23d%20e/api/otlp/traces",
                AliyunEndpoint.traces(null, " a/../b?c#d e ").toString());
    }

    @Test
    void aLicenseKeyOfAliyunsShapeKeepsItsAtSigns() {
        assertEquals("https://tracing-analysis-dc-hz.aliyuncs.com/adapt_b590lhguqs@3a7fcdcd2f53d2e_b590lhguqs@53df7ad2afe8301/api/otlp/traces",
                AliyunEndpoint.traces(null, "b590lhguqs@3a7fcdcd2f53d2e_b590lhguqs@53df7ad2afe8301").toString());
        assertEquals("%C3%A9%2B%2A%25", AliyunEndpoint.segment("é+*%"), "anything but unreserved characters and '@' is encoded");
    }

    ExportOutcome answeredWith(FakeBackend.Answer answer) {
        backend.answer(r -> answer);
        return exporter.export(at(backend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void faultMatrix() throws Exception {
        assertEquals(ExportOutcome.delivered(), answeredWith(FakeBackend.Answer.of(200, "")));
        assertEquals(ExportOutcome.delivered(), answeredWith(partialSuccess(0)), "nothing rejected");
        ExportOutcome rejected = answeredWith(partialSuccess(2));
        assertEquals(ExportOutcome.Kind.DEAD, rejected.kind());
        assertEquals("otlp_rejected", rejected.code());
        assertTrue(!rejected.detail().contains("bad span"), "the collector's text is not kept");
        for (int permanent : List.of(400, 401, 403, 413, 500)) {
            ExportOutcome o = answeredWith(FakeBackend.Answer.of(permanent, "{\"error\":\"secret detail\"}"));
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), "" + permanent);
            assertEquals("http_" + permanent, o.code());
            assertTrue(!o.detail().contains("secret detail"));
        }
        ExportOutcome limited = answeredWith(new FakeBackend.Answer(429, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        for (int retryable : List.of(502, 503, 504)) {
            assertEquals(ExportOutcome.Kind.RETRY, answeredWith(FakeBackend.Answer.of(retryable, "")).kind(), "" + retryable);
        }
        ExportOutcome slow = answeredWith(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3)));
        assertEquals(ExportOutcome.Kind.RETRY, slow.kind());
        assertEquals("timeout", slow.code());
        ExportOutcome reset = exporter.export(at(FakeBackend.resettingUrl()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("network_error", reset.code());
    }

    @Test
    void aRefusedBatchIsBisectedSoOnlyThePoisonItemDies() {
        backend.answer(r -> FakeBackend.Answer.of(holds(r, "weather_api") ? 400 : 200, ""));
        Map<String, ExportOutcome> out = exporter.export(at(backend.url()), List.of(item("a", Tasks.message("")),
                item("b", Tasks.tool("")), item("c", Tasks.workflow("succeeded", "")), item("d", Tasks.suggestedQuestion())));
        assertEquals(ExportOutcome.delivered(), out.get("a"));
        assertEquals("http_400", out.get("b").code());
        assertEquals(ExportOutcome.Kind.DEAD, out.get("b").kind());
        assertEquals(ExportOutcome.delivered(), out.get("c"));
        assertEquals(ExportOutcome.delivered(), out.get("d"));
    }

    @Test
    void partialSuccessFailsOnlyTheItemsHoldingTheRejectedSpans() {
        backend.answer(r -> holds(r, "dataset_retrieval") ? partialSuccess(1) : FakeBackend.Answer.of(200, ""));
        Map<String, ExportOutcome> out = exporter.export(at(backend.url()), List.of(item("a", Tasks.message("")),
                item("b", Tasks.datasetRetrieval()), item("c", Tasks.tool(""))));
        assertEquals(ExportOutcome.delivered(), out.get("a"));
        assertEquals("otlp_rejected", out.get("b").code());
        assertEquals(ExportOutcome.delivered(), out.get("c"));
    }

    @Test
    void aDestinationRefusalFailsEveryItemWithoutBisecting() {
        backend.answer(r -> FakeBackend.Answer.of(401, ""));
        Map<String, ExportOutcome> out = exporter.export(at(backend.url()), List.of(item("a", Tasks.message("")),
                item("b", Tasks.tool("")), item("c", Tasks.workflow("succeeded", ""))));
        assertEquals(3, out.size());
        out.values().forEach(o -> assertEquals("http_401", o.code()));
        assertEquals(1, backend.requests().size(), "a wrong license key is wrong for every half");
    }

    @Test
    void aForbiddenEndpointIsNeverCalled() {
        Map<String, ExportOutcome> out = exporter.export(at("http://10.0.0.8:8080"), List.of(item("a", Tasks.message(""))));
        assertEquals("destination_forbidden", out.get("a").code());
        assertEquals("destination_forbidden", exporter.verify(at("http://169.254.169.254")).code());
    }

    @Test
    void theCheckIsAHeadAnswered405() throws Exception {
        backend.answer(r -> FakeBackend.Answer.of(r.method().equals("HEAD") ? 405 : 500, ""));
        assertEquals(ExportOutcome.delivered(), exporter.verify(at(backend.url())));
        FakeBackend.Request head = backend.requests().get(0);
        assertEquals("HEAD", head.method());
        assertEquals("/adapt_lk-123/api/otlp/traces", head.target());
        assertEquals(0, head.body().length);
        assertEquals(null, head.headers().get("authorization"));

        for (int status : List.of(200, 204, 401, 404, 503)) {
            backend.answer(r -> FakeBackend.Answer.of(status, ""));
            ExportOutcome o = exporter.verify(at(backend.url()));
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), "" + status);
            assertEquals("http_" + status, o.code());
        }
        assertTrue(exporter.verify(at(FakeBackend.resettingUrl())).kind() != ExportOutcome.Kind.DELIVERED);
    }

    @Test
    void theProjectUrlIsArmssLlmConsole() {
        assertEquals("https://arms.console.aliyun.com/#/llm", exporter.projectUrl(at(backend.url())).orElseThrow());
        assertEquals("aliyun", exporter.provider());
    }

    @Test
    void configRulesAndMessages() {
        var model = ClassPathProviders.shipped().of("aliyun").orElseThrow();
        assertEquals(List.of(new Violation("tracing_config.license_key", "License key cannot be empty")),
                model.apply(Map.of("license_key", "  ")).violations());
        assertEquals(List.of(new Violation("tracing_config.endpoint", "URL must start with https:// or http://")),
                model.apply(Map.of("license_key", "lk", "endpoint", "ftp://tracing.aliyuncs.com")).violations());
        Map<String, String> defaults = model.apply(new HashMap<>(Map.of("license_key", "lk", "endpoint", "", "app_name", ""))).config();
        assertEquals("https://tracing-analysis-dc-hz.aliyuncs.com", defaults.get("endpoint"));
        assertEquals("dify_app", defaults.get("app_name"));
        assertTrue(model.isSecret("license_key"));
        assertTrue(!model.isSecret("endpoint") && !model.isSecret("app_name"));
    }
}
