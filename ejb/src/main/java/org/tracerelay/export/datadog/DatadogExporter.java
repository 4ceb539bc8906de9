package org.tracerelay.export.datadog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;

/**
 * Provider {@code datadog}: LLM Observability's OTLP/HTTP protobuf intake at the trace intake
 * host Datadog documents for it, {@code https://trace.agent.{site}/v1/traces}, headers
 * {@code dd-api-key} and {@code dd-otlp-source: llmobs}, the service name as
 * {@code service.name} (Datadog's ml_app). A batch goes in as few requests as fit under
 * {@link DatadogRequests#MAX_BYTES}; a request refused for good is bisected. The operator may point both Datadog hosts
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
        URI intake = otlpBaseUrl.map(base -> OtlpSignal.TRACES.endpoint(base)).orElse(intake(d));
        ExportHttp.Origin origin = otlpBaseUrl.isPresent() ? ExportHttp.Origin.OPERATOR : ExportHttp.Origin.ADMIN;
        Map<String, String> headers = headers(d);
        headers.put("dd-otlp-source", "llmobs");
        Map<String, Object> resource = Map.of("service.name", serviceName(d));
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        Map<String, List<SpanRecord>> spans = new HashMap<>();
        List<ExportItem> traced = new ArrayList<>();
        for (ExportItem item : items) {
            try {
                List<SpanRecord> own = DatadogSpans.of(item.task(), item.receivedAt());
                if (own.isEmpty()) {
                    // Moderation, suggested questions, names...: nothing Datadog is sent, so nothing to wait for.
                    outcomes.put(item.deliveryId(), ExportOutcome.delivered());
                } else {
                    spans.put(item.deliveryId(), own);
                    traced.add(item);
                }
            } catch (RuntimeException unmappable) {
                outcomes.put(item.deliveryId(), ExportOutcome.dead("export_failed", unmappable.getClass().getSimpleName()));
            }
        }
        Function<List<SpanRecord>, ExportOutcome> send = part -> otlp.send(intake, headers, OtlpSignal.TRACES,
                OtlpEncoder.traces(resource, SCOPE, part, true), null, origin);
        DatadogRequests.Plan plan = DatadogRequests.of(resource, traced, spans, DatadogRequests.MAX_BYTES);
        for (DatadogRequests.Group group : plan.groups()) {
            outcomes.putAll(BatchBisection.send(group.items(), part -> {
                List<SpanRecord> request = new ArrayList<>();
                part.forEach(item -> request.addAll(spans.get(item.deliveryId())));
                return send.apply(request);
            }));
        }
        for (DatadogRequests.Oversized big : plan.oversized()) {
            if (big.unsendable()) {
                outcomes.put(big.item().deliveryId(), ExportOutcome.dead("span_too_large",
                        "a span is over Datadog's request size of " + DatadogRequests.MAX_BYTES + " bytes"));
                continue;
            }
            ExportOutcome outcome = ExportOutcome.delivered();
            for (List<SpanRecord> part : big.parts()) {
                outcome = Outcomes.worse(outcome, send.apply(part));
            }
            outcomes.put(big.item().deliveryId(), outcome);
        }
        return outcomes;
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

    /** The site's OTLP trace intake, as Datadog's LLM Observability OpenTelemetry setup names it. */
    static URI intake(Destination d) {
        return OtlpSignal.TRACES.endpoint("https://trace.agent." + site(d));
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
