package org.tracerelay.export.collector;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.CheckTimeout;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderExporter;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TaskSpans;

/**
 * Provider {@code otlp}: any OTLP/HTTP collector. Settings {@code endpoint} and the secret
 * {@code headers} ({@code k=v,k2=v2}). One request per batch; a refused batch is bisected.
 */
@ApplicationScoped
public class OtlpExporter extends ProviderExporter {

    @Inject
    OtlpHttp otlp;

    @Inject
    @CheckTimeout
    Duration checkTimeout;

    public OtlpExporter() {
        super(OtlpConfig.MODEL, "");
    }

    @Override
    public ExportOutcome verify(Destination destination) {
        return otlp.probe(OtlpSignal.TRACES.endpoint(destination.setting("endpoint")),
                OtlpHttp.parseHeaders(destination.setting("headers")), checkTimeout);
    }

    /** A collector has no project page; its endpoint is the best link there is. */
    @Override
    public Optional<String> projectUrl(Destination destination) {
        return Optional.ofNullable(destination.setting("endpoint"));
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        URI endpoint = OtlpSignal.TRACES.endpoint(destination.setting("endpoint"));
        Map<String, String> headers = OtlpHttp.parseHeaders(destination.setting("headers"));
        Map<String, Object> resource = Map.of("service.name", "dify", "dify.app_id", destination.appId());
        return BatchBisection.send(items, part -> {
            List<SpanRecord> spans = new ArrayList<>();
            for (ExportItem item : part) {
                spans.addAll(TaskSpans.of(item.task(), item.receivedAt()));
            }
            return otlp.send(endpoint, headers, OtlpSignal.TRACES, OtlpEncoder.traces(resource, spans));
        });
    }
}
