package org.tracerelay.export.arize;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.trace.RunTrees;
import org.tracerelay.telemetry.SpanRecord;

/** What Arize and Phoenix share: project resource, bearer and api_key headers, the request. */
final class OpenInferenceExport {

    static final String SCOPE = "dify.ops";

    private OpenInferenceExport() {
    }

    static String project(Destination d) {
        return Optional.ofNullable(d.setting("project")).filter(p -> !p.isBlank()).orElse("default");
    }

    static ExportTraceServiceRequest request(Destination d, List<ExportItem> items) {
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

    static Map<String, String> headers(Destination d) {
        Map<String, String> h = new LinkedHashMap<>();
        String key = d.setting("api_key");
        if (key != null && !key.isBlank()) {
            h.put("authorization", "Bearer " + key.trim());
            h.put("api_key", key.trim());
        }
        return h;
    }

    static String redirect(String base, String project) {
        return base + "?redirect_project_name=" + URLEncoder.encode(project, StandardCharsets.UTF_8);
    }
}
