package org.tracerelay.export.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import java.util.Map;
import org.tracerelay.telemetry.SpanRecord;

/** The one OTLP encoder: span records to an ExportTraceServiceRequest, with the official proto classes. */
public final class OtlpEncoder {

    static final String SCOPE = "org.tracerelay";

    private OtlpEncoder() {
    }

    public static ExportTraceServiceRequest traces(Map<String, ?> resource, List<SpanRecord> spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(SCOPE).build());
        for (SpanRecord s : spans) {
            scope.addSpans(span(s));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(resource)).addScopeSpans(scope))
                .build();
    }

    public static Resource resource(Map<String, ?> attributes) {
        Resource.Builder r = Resource.newBuilder();
        attributes.forEach((k, v) -> r.addAttributes(keyValue(k, v)));
        return r.build();
    }

    static Span span(SpanRecord s) {
        Span.Builder b = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(s.traceId()))
                .setSpanId(ByteString.copyFrom(s.spanId()))
                .setName(s.name())
                .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(s.startEpochNanos())
                .setEndTimeUnixNano(s.endEpochNanos());
        if (s.parentSpanId() != null) {
            b.setParentSpanId(ByteString.copyFrom(s.parentSpanId()));
        }
        s.attributes().forEach((k, v) -> b.addAttributes(keyValue(k, v)));
        if (s.errorMessage() != null) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(s.errorMessage()));
        }
        return b.build();
    }

    public static KeyValue keyValue(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(anyValue(value)).build();
    }

    static AnyValue anyValue(Object v) {
        AnyValue.Builder a = AnyValue.newBuilder();
        if (v instanceof Boolean b) {
            a.setBoolValue(b);
        } else if (v instanceof Long || v instanceof Integer) {
            a.setIntValue(((Number) v).longValue());
        } else if (v instanceof Number n) {
            a.setDoubleValue(n.doubleValue());
        } else {
            a.setStringValue(String.valueOf(v));
        }
        return a.build();
    }
}
