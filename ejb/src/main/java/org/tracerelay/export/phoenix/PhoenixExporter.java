package org.tracerelay.export.phoenix;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.openinference.OpenInferenceExport;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;

/**
 * Provider {@code phoenix}: OTLP/HTTP protobuf to {@code {endpoint}/v1/traces} (a Phoenix
 * space path such as {@code /s/<space>} is kept), bearer key, the project as resource attribute.
 */
@ApplicationScoped
public class PhoenixExporter extends ProviderExporter {

    @Inject
    OtlpHttp otlp;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public PhoenixExporter() {
        super(PhoenixConfig.MODEL, "https://app.phoenix.arize.com/projects/");
    }

    /** Wired by hand instead of by CDI: the OTLP/HTTP transport and the credential check's timeout. */
    public PhoenixExporter(OtlpHttp otlp, Duration checkTimeout) {
        this();
        this.otlp = otlp;
        this.checkTimeout = checkTimeout;
    }

    @Override
    public Map<String, ExportOutcome> export(Destination d, List<ExportItem> items) {
        return OpenInferenceExport.send(d, items, request ->
                otlp.send(OtlpSignal.TRACES.endpoint(endpoint(d)), OpenInferenceExport.headers(d), OtlpSignal.TRACES, request));
    }

    @Override
    public ExportOutcome verify(Destination d) {
        return otlp.probe(OtlpSignal.TRACES.endpoint(endpoint(d)), OpenInferenceExport.headers(d), checkTimeout);
    }

    @Override
    public Optional<String> projectUrl(Destination d) {
        return Optional.of(OpenInferenceExport.redirect(endpoint(d) + "/projects/", OpenInferenceExport.project(d)));
    }

    static String endpoint(Destination d) {
        return d.url("endpoint", "https://app.phoenix.arize.com");
    }
}
