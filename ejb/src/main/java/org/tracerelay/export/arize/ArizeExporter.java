package org.tracerelay.export.arize;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.http.AddressPolicy;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.openinference.OpenInferenceExport;
import org.tracerelay.export.otlp.OtlpGrpcChannel;
import org.tracerelay.export.otlp.OtlpSignal;

/**
 * Provider {@code arize}: OTLP/gRPC to the endpoint's host (port 443 unless given, TLS unless
 * {@code http://}) with {@code space_id}, {@code api_key} and bearer metadata. A channel lives
 * for one batch: it belongs to this destination only and holds nothing afterwards.
 */
@ApplicationScoped
public class ArizeExporter extends ProviderExporter {

    @Inject
    OutboundGuard guard;

    @Inject
    @ConfigProperty(name = "trace.export.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public ArizeExporter() {
        super(ArizeConfig.MODEL, "https://app.arize.com/");
    }

    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        AddressPolicy.Checked checked = guard.check(endpoint(d));
        if (!checked.allowed()) {
            ExportOutcome dead = ExportOutcome.dead("destination_forbidden", checked.refusal());
            return Outcomes.every(items, dead);
        }
        try (OtlpGrpcChannel channel = channel(d, checked, timeout)) {
            return OpenInferenceExport.send(d, items, request -> channel.export(OtlpSignal.TRACES, request));
        }
    }

    @Override
    public ExportOutcome verify(Destination d) {
        AddressPolicy.Checked checked = guard.check(endpoint(d));
        if (!checked.allowed()) {
            return ExportOutcome.dead("destination_forbidden", checked.refusal());
        }
        try (OtlpGrpcChannel channel = channel(d, checked, checkTimeout)) {
            return channel.export(OtlpSignal.TRACES, ExportTraceServiceRequest.getDefaultInstance());
        }
    }

    /** Connects to the first address the guard checked, never to a fresh DNS answer. */
    private static OtlpGrpcChannel channel(Destination d, AddressPolicy.Checked checked, Duration deadline) {
        return new OtlpGrpcChannel(endpoint(d), checked.addresses().get(0), headers(d), deadline, 443);
    }

    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(OpenInferenceExport.redirect("https://app.arize.com/", OpenInferenceExport.project(d)));
    }

    static String endpoint(Destination d) {
        return d.url("endpoint", "https://otlp.arize.com");
    }

    static Map<String, String> headers(Destination d) {
        Map<String, String> h = new java.util.LinkedHashMap<>(OpenInferenceExport.headers(d));
        String space = d.setting("space_id");
        if (space != null && !space.isBlank()) {
            h.put("space_id", space.trim());
        }
        return h;
    }
}
