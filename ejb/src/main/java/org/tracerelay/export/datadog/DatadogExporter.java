package org.tracerelay.export.datadog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;

/**
 * Provider {@code datadog}: LLM Observability's OTLP/HTTP protobuf intake at
 * {@code https://otlp.{site}/v1/traces}, headers {@code dd-api-key} and
 * {@code dd-otlp-source: llmobs}, the service name as {@code service.name} (Datadog's ml_app).
 * One request per batch; a refused batch is bisected. The operator may point both Datadog hosts
 * elsewhere ({@code trace.export.datadog.otlp-base-url}, {@code trace.export.datadog.api-base-url},
 * for tests and private sites); a tenant only picks the site.
 */
@ApplicationScoped
public class DatadogExporter extends ProviderExporter {

    static final String SCOPE = "dify.ops";

    @Inject
    ExportHttp http;

    @Inject
    OtlpHttp otlp;

    @Inject
    @ConfigProperty(name = "trace.export.datadog.otlp-base-url")
    Optional<String> otlpBaseUrl;

    @Inject
    @ConfigProperty(name = "trace.export.datadog.api-base-url")
    Optional<String> apiBaseUrl;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public DatadogExporter() {
        super(DatadogConfig.MODEL, "");
    }

    /** Wired by hand instead of by CDI: the shared client, the operator's base URLs (if any) and the check's timeout. */
    public DatadogExporter(ExportHttp http, Optional<String> otlpBaseUrl, Optional<String> apiBaseUrl, Duration checkTimeout) {
        this();
        this.http = http;
        this.otlp = new OtlpHttp(http);
        this.otlpBaseUrl = otlpBaseUrl;
        this.apiBaseUrl = apiBaseUrl;
        this.checkTimeout = checkTimeout;
    }

    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        URI intake = OtlpSignal.TRACES.endpoint(otlpBaseUrl.orElse("https://otlp." + site(d)));
        ExportHttp.Origin origin = otlpBaseUrl.isPresent() ? ExportHttp.Origin.OPERATOR : ExportHttp.Origin.ADMIN;
        Map<String, String> headers = headers(d);
        headers.put("dd-otlp-source", "llmobs");
        Map<String, Object> resource = Map.of("service.name", serviceName(d));
        return BatchBisection.send(items, part -> {
            List<SpanRecord> spans = new ArrayList<>();
            for (ExportItem item : part) {
                spans.addAll(DatadogSpans.of(item.task(), item.receivedAt()));
            }
            // Moderation, suggested questions, names...: nothing Datadog is sent, so nothing to wait for.
            return spans.isEmpty() ? ExportOutcome.delivered()
                    : otlp.send(intake, headers, OtlpSignal.TRACES, OtlpEncoder.traces(resource, SCOPE, spans, true), null, origin);
        });
    }

    /**
     * {@code GET https://api.{site}/api/v1/validate} with the key: 200 is valid, and so is 429
     * (the key was read, the check was only rate limited); 403 is an invalid key.
     */
    @Override
    public ExportOutcome verify(Destination d) {
        URI validate = URI.create(apiBaseUrl.map(DatadogExporter::withoutTrailingSlash).orElse("https://api." + site(d))
                + "/api/v1/validate");
        ExportHttp.Origin origin = apiBaseUrl.isPresent() ? ExportHttp.Origin.OPERATOR : ExportHttp.Origin.ADMIN;
        try {
            ExportHttp.Reply reply = http.get(validate, headers(d), checkTimeout, origin);
            return reply.status() == 429 ? ExportOutcome.delivered() : HttpOutcomes.of(reply.status(), reply.retryAfter());
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
    }

    /** LLM Observability's trace list; the UI host is {@code app.<site>} only for a bare domain. */
    @Override
    public Optional<String> projectUrl(Destination d) {
        String site = site(d);
        String host = site.chars().filter(c -> c == '.').count() == 1 ? "app." + site : site;
        return Optional.of("https://" + host + "/llm/traces");
    }

    static String site(Destination d) {
        String site = d.setting("site");
        return site == null || site.isBlank() ? DatadogConfig.DEFAULT_SITE : site.trim();
    }

    static String serviceName(Destination d) {
        String name = d.setting("service_name");
        return name == null || name.isBlank() ? "dify_app" : name.trim();
    }

    private static Map<String, String> headers(Destination d) {
        Map<String, String> h = new LinkedHashMap<>();
        String key = d.setting("api_key");
        if (key != null && !key.isBlank()) {
            h.put("dd-api-key", key.trim());
        }
        return h;
    }

    private static String withoutTrailingSlash(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
