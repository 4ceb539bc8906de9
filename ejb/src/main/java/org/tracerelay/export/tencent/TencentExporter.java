package org.tracerelay.export.tencent;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.AddressPolicy;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpGrpcChannel;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.export.trace.RunTrees;

/**
 * Provider {@code tencent}: Tencent APM over OTLP/gRPC with {@code authorization: Bearer <token>}
 * metadata; {@code http://} is plaintext, {@code https://} TLS, 4317 the port when none is given.
 * A channel lives for one batch: it belongs to this destination only.
 *
 * <p>Metrics travel with their spans. A batch part is one trace export and then one delta
 * metrics export of the same tasks; the part is delivered only when both were accepted. So a
 * retry (or a bisected half) resends spans the backend already has, under the same ids, but
 * only metrics it has not counted yet: a task's observations are counted once however often
 * its delivery is attempted. (The one exception is at-least-once by nature: a metrics export
 * accepted whose answer never arrived is sent again.)
 */
@ApplicationScoped
public class TencentExporter extends ProviderExporter {

    static final String SCOPE = "dify.ops";
    static final int DEFAULT_PORT = 4317;
    static final String PROJECT_URL = "https://console.cloud.tencent.com/apm";

    @Inject
    OutboundGuard guard;

    @Inject
    @ConfigProperty(name = "trace.export.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public TencentExporter() {
        super(TencentConfig.MODEL, PROJECT_URL);
    }

    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        ExportOutcome unusable = unusable(d);
        if (unusable != null) {
            return Outcomes.every(items, unusable);
        }
        String target = target(d);
        // Checked again for the address to connect to: the channel never resolves the name itself.
        AddressPolicy.Checked checked = guard.check(target);
        if (!checked.allowed()) {
            ExportOutcome refused = ExportOutcome.dead("destination_forbidden", checked.refusal());
            return Outcomes.every(items, refused);
        }
        Map<String, Object> resource = resource(d);
        try (OtlpGrpcChannel channel = new OtlpGrpcChannel(target, checked.addresses().get(0), headers(d), timeout, DEFAULT_PORT)) {
            return BatchBisection.send(items, part -> deliver(channel, resource, part));
        }
    }

    /** Spans first, then the metrics of the same tasks (see the class comment for why in that order). */
    private static ExportOutcome deliver(OtlpGrpcChannel channel, Map<String, Object> resource, List<ExportItem> part) {
        List<SpanRecord> spans = new ArrayList<>();
        List<SeriesSnapshot> points = new ArrayList<>();
        for (ExportItem item : part) {
            if (TencentSpans.traced(item.task())) {
                RunTree tree = RunTrees.of(item.task(), item.receivedAt());
                spans.addAll(TencentSpans.of(item.task(), tree));
                points.addAll(TencentMetrics.of(item.task(), tree));
            }
        }
        if (!spans.isEmpty()) {
            ExportOutcome traces = channel.export(OtlpSignal.TRACES, OtlpEncoder.traces(resource, SCOPE, spans, true));
            if (traces.kind() != ExportOutcome.Kind.DELIVERED) {
                return traces;
            }
        }
        if (!points.isEmpty()) {
            ExportMetricsServiceRequest metrics = OtlpEncoder.deltaMetrics(resource, SCOPE, points,
                    System.currentTimeMillis() * 1_000_000L);
            return channel.export(OtlpSignal.METRICS, metrics);
        }
        // Moderation, conversation names...: nothing Tencent is sent, so nothing to wait for.
        return ExportOutcome.delivered();
    }

    /**
     * An empty trace export with the token: only an OTLP/gRPC collector that takes it passes.
     * Every other answer is the same refusal, so a check cannot tell a closed port from another
     * service listening there (Dify's plain TCP connect could, which let an editor scan ports).
     */
    @Override
    public ExportOutcome verify(Destination d) {
        ExportOutcome unusable = unusable(d);
        if (unusable != null) {
            return unusable;
        }
        try (OtlpGrpcChannel channel = new OtlpGrpcChannel(target(d), headers(d), checkTimeout, DEFAULT_PORT)) {
            ExportOutcome answer = channel.export(OtlpSignal.TRACES, ExportTraceServiceRequest.getDefaultInstance());
            return answer.kind() == ExportOutcome.Kind.DELIVERED ? answer : NO_COLLECTOR;
        } catch (RuntimeException e) {
            return NO_COLLECTOR;
        }
    }

    static final ExportOutcome NO_COLLECTOR = ExportOutcome.retry("network_error",
            "no OTLP/gRPC collector accepted an empty export at this endpoint", null);

    /** Dead for every item when the endpoint cannot be read or the outbound guard refuses it; else null. */
    private ExportOutcome unusable(Destination d) {
        String target;
        try {
            target = target(d);
        } catch (IllegalArgumentException e) {
            return ExportOutcome.dead("invalid_endpoint", "the endpoint is not a URL with a host: enter " + TencentConfig.ACCESS_POINT);
        }
        String notACollector = TencentConfig.notACollector(target);
        if (notACollector != null) {
            // a config stored while Dify's Cloud API default was taken
            return ExportOutcome.dead("invalid_endpoint", notACollector);
        }
        String refusal = guard.refusal(target);
        return refusal == null ? null : ExportOutcome.dead("destination_forbidden", refusal);
    }

    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(PROJECT_URL);
    }

    /**
     * {@code scheme://host:port} of the collector. A bare host (only possible in a config stored
     * before validation) is plaintext only for localhost and 127.0.0.1, as in Dify.
     */
    static String target(Destination d) {
        String endpoint = d.url("endpoint", "");
        String scheme;
        URI uri;
        if (endpoint.contains("://")) {
            uri = URI.create(endpoint);
            scheme = "http".equalsIgnoreCase(uri.getScheme()) ? "http" : "https";
        } else {
            uri = URI.create("//" + endpoint);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            scheme = host.equals("localhost") || host.equals("127.0.0.1") ? "http" : "https";
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint has no host");
        }
        String host = uri.getHost();
        return scheme + "://" + host + ":" + (uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT);
    }

    static Map<String, String> headers(Destination d) {
        Map<String, String> h = new LinkedHashMap<>();
        String token = d.setting("token");
        if (token != null && !token.isBlank()) {
            h.put("authorization", "Bearer " + token.trim());
        }
        return h;
    }

    static Map<String, Object> resource(Destination d) {
        Map<String, Object> r = new LinkedHashMap<>();
        String name = d.setting("service_name");
        r.put("service.name", name == null || name.isBlank() ? "dify_app" : name.trim());
        r.put("telemetry.sdk.name", "trace-relay");
        r.put("telemetry.sdk.language", "java");
        r.put("host.name", HOST_NAME);
        return r;
    }

    private static final String HOST_NAME = localHostName();

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
