package org.tracerelay.export.langfuse;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.otlp.OtlpSignal;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.export.ExportOutcome;

/**
 * Langfuse's v4 ingestion: OTLP/HTTP protobuf to {@code {host}/api/public/otel/v1/traces} with
 * Basic auth and {@code x-langfuse-ingestion-version: 4} (without it a v4 server processes the
 * spans late, in the background). The answer names no span, so a request refused for good is
 * bisected down to the task that holds the refused span.
 */
final class LangfuseOtel {

    static final String PATH = "/api/public/otel/v1/traces";
    static final String SCOPE = "dify";

    private LangfuseOtel() {
    }

    static Map<String, ExportOutcome> send(OtlpHttp otlp, Destination d, Map<String, String> auth, List<ExportItem> items) {
        URI endpoint = URI.create(LangfuseExporter.host(d) + PATH);
        Map<String, String> headers = new LinkedHashMap<>(auth);
        headers.put("x-langfuse-ingestion-version", "4");
        return BatchBisection.send(items, part -> {
            List<SpanRecord> spans = new ArrayList<>();
            part.forEach(item -> spans.addAll(LangfuseSpans.of(RunTrees.of(item.task(), item.receivedAt()))));
            return spans.isEmpty() ? ExportOutcome.delivered()
                    : otlp.sendWhole(endpoint, headers, OtlpSignal.TRACES, OtlpEncoder.traces(Map.of("service.name", "dify"), SCOPE, spans));
        });
    }
}
