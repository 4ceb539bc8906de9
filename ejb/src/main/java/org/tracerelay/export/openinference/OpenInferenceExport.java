package org.tracerelay.export.openinference;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.tracerelay.export.BatchBisection;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.trace.RunTrees;

/** What Arize and Phoenix share: project resource, bearer and api_key headers, the request. */
public final class OpenInferenceExport {

    public static final String SCOPE = "dify.ops";

    private OpenInferenceExport() {
    }

    public static String project(Destination d) {
        return Optional.ofNullable(d.setting("project")).filter(p -> !p.isBlank()).orElse("default");
    }

    public static ExportTraceServiceRequest request(Destination d, List<ExportItem> items) {
        List<SpanRecord> spans = new ArrayList<>();
        for (ExportItem item : items) {
            spans.addAll(OpenInferenceSpans.of(RunTrees.of(item.task(), item.receivedAt())));
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("service.name", "dify");
        resource.put("openinference.project.name", project(d));
        resource.put("model_id", project(d));
        return OtlpEncoder.traces(resource, SCOPE, spans, true);
    }

    /**
     * Sends the items' spans through {@code transport}, bisecting a refused batch; a part whose
     * tasks map to no span (nothing OpenInference shows) is delivered without a request.
     */
    public static Map<String, ExportOutcome> send(Destination d, List<ExportItem> items,
                                           Function<ExportTraceServiceRequest, ExportOutcome> transport) {
        return BatchBisection.send(items, part -> {
            ExportTraceServiceRequest request = request(d, part);
            return request.getResourceSpans(0).getScopeSpans(0).getSpansCount() == 0
                    ? ExportOutcome.delivered() : transport.apply(request);
        });
    }

    public static Map<String, String> headers(Destination d) {
        Map<String, String> h = new LinkedHashMap<>();
        String key = d.setting("api_key");
        if (key != null && !key.isBlank()) {
            h.put("authorization", "Bearer " + key.trim());
            h.put("api_key", key.trim());
        }
        return h;
    }

    public static String redirect(String base, String project) {
        return base + "?redirect_project_name=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }
}
