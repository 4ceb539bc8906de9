package org.tracerelay.export.aliyun;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.otlp.OtlpEncoder;

/** Aliyun's spans as one OTLP request: the shared encoder, then the kind, status and links only Aliyun sets. */
final class AliyunRequest {

    static final String SCOPE = "dify.ops";
    /** Dify links to the caller's trace as a whole, with the invalid (all-zero) span id. */
    private static final ByteString NO_SPAN = ByteString.copyFrom(new byte[8]);

    private AliyunRequest() {
    }

    static ExportTraceServiceRequest of(Map<String, ?> resource, List<AliyunSpan> spans) {
        ExportTraceServiceRequest encoded = OtlpEncoder.traces(resource, SCOPE, spans.stream().map(AliyunSpan::span).toList());
        ScopeSpans.Builder scope = encoded.getResourceSpans(0).getScopeSpans(0).toBuilder();
        for (int i = 0; i < spans.size(); i++) {
            AliyunSpan s = spans.get(i);
            Span.Builder b = scope.getSpansBuilder(i);
            if (s.server()) {
                b.setKind(Span.SpanKind.SPAN_KIND_SERVER);
            }
            if (s.ok() && s.span().errorMessage() == null) {
                b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
            }
            if (s.linkedTrace() != null) {
                b.addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(s.linkedTrace())).setSpanId(NO_SPAN));
            }
        }
        return encoded.toBuilder().setResourceSpans(0, encoded.getResourceSpans(0).toBuilder().setScopeSpans(0, scope)).build();
    }
}
