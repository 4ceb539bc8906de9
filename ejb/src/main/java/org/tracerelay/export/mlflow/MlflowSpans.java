package org.tracerelay.export.mlflow;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.span.MlflowRunSpans;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;

/**
 * A task's runs as MLflow spans over OTLP (mapping shared in {@link MlflowRunSpans}). Ids are deterministic
 * (trace id from the trace's correlation id, span id from the run id), so MLflow's trace id
 * {@code tr-<hex>} is the same on every retry and a nested workflow lands under its tool node.
 */
final class MlflowSpans {

    static final String SCOPE = "dify.ops";

    private MlflowSpans() {
    }

    static List<SpanRecord> of(RunTree tree) {
        return MlflowRunSpans.of(tree, TraceIds.traceId(tree.traceId()));
    }

    /**
     * The OTLP request: a failed span has status ERROR and an {@code exception} event; every
     * other span ends OK, as spans of MLflow's own SDK do (an UNSET span shows no status in its UI).
     */
    static ExportTraceServiceRequest request(List<SpanRecord> spans) {
        ExportTraceServiceRequest.Builder b = OtlpEncoder.traces(Map.of("service.name", "dify"), SCOPE, spans, true).toBuilder();
        for (ResourceSpans.Builder rs : b.getResourceSpansBuilderList()) {
            for (ScopeSpans.Builder ss : rs.getScopeSpansBuilderList()) {
                for (Span.Builder s : ss.getSpansBuilderList()) {
                    if (s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_UNSET) {
                        s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
                    }
                }
            }
        }
        return b.build();
    }

    /** MLflow's span type, after Dify's mapping (shared with Databricks). */
    static String type(Run run) {
        return MlflowRunSpans.type(run);
    }
}
