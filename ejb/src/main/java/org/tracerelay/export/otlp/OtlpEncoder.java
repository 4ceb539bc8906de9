package org.tracerelay.export.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.export.span.SeriesSnapshot;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;

/** The one OTLP encoder: spans, log records and metric series to OTLP requests, with the official proto classes. */
public final class OtlpEncoder {

    static final String SCOPE = "org.tracerelay";

    private OtlpEncoder() {
    }

    public static ExportTraceServiceRequest traces(Map<String, ?> resource, List<SpanRecord> spans) {
        return traces(resource, SCOPE, spans);
    }

    public static ExportTraceServiceRequest traces(Map<String, ?> resource, String scopeName, List<SpanRecord> spans) {
        return traces(resource, scopeName, spans, false);
    }

    /** @param exceptionEvents whether a failed span also gets an {@code exception} event (OpenInference) */
    public static ExportTraceServiceRequest traces(Map<String, ?> resource, String scopeName, List<SpanRecord> spans,
                                                   boolean exceptionEvents) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scopeName).build());
        // Two tasks of one request may both carry a span (a chatflow's message root): it goes once, as the
        // first carries it. Backends that add usage up over a trace's span tree would walk it twice.
        Set<String> sent = new HashSet<>();
        for (SpanRecord s : spans) {
            if (!sent.add(HexFormat.of().formatHex(s.traceId()) + HexFormat.of().formatHex(s.spanId()))) {
                continue;
            }
            Span span = span(s);
            if (exceptionEvents && s.errorMessage() != null) {
                span = span.toBuilder().addEvents(Span.Event.newBuilder().setName("exception")
                        .setTimeUnixNano(s.endEpochNanos()).addAttributes(keyValue("exception.message", s.errorMessage()))).build();
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(resource)).addScopeSpans(scope))
                .build();
    }

    /** Log records at INFO with the body, event name, trace/span ids and attributes (null values kept empty). */
    public static ExportLogsServiceRequest logs(Map<String, ?> resource, String scopeName, List<TelemetryLog> logs,
                                                long observedEpochNanos) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scopeName).build());
        for (TelemetryLog log : logs) {
            LogRecord.Builder r = LogRecord.newBuilder()
                    .setTimeUnixNano(log.timeEpochNanos())
                    .setObservedTimeUnixNano(observedEpochNanos)
                    .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setSeverityText("INFO")
                    .setEventName(log.eventName())
                    .setBody(anyValue(log.body()));
            if (log.traceId() != null) {
                r.setTraceId(ByteString.copyFrom(log.traceId()));
            }
            if (log.spanId() != null) {
                r.setSpanId(ByteString.copyFrom(log.spanId()));
            }
            log.attributes().forEach((k, v) -> r.addAttributes(keyValue(k, v)));
            scope.addLogRecords(r);
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource(resource)).addScopeLogs(scope))
                .build();
    }

    /** Cumulative monotonic sums and explicit-bucket histograms, one metric per name. */
    public static ExportMetricsServiceRequest metrics(Map<String, ?> resource, String scopeName,
                                                      List<SeriesSnapshot> series, long nowEpochNanos) {
        return metrics(resource, scopeName, series, nowEpochNanos, CUMULATIVE);
    }

    /**
     * The same with delta temporality: each snapshot is what happened since its start, so a
     * backend adds the points up (one point per observation, as Dify's delta histograms send).
     */
    public static ExportMetricsServiceRequest deltaMetrics(Map<String, ?> resource, String scopeName,
                                                           List<SeriesSnapshot> series, long nowEpochNanos) {
        return metrics(resource, scopeName, series, nowEpochNanos, AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    }

    private static ExportMetricsServiceRequest metrics(Map<String, ?> resource, String scopeName, List<SeriesSnapshot> series,
                                                       long nowEpochNanos, AggregationTemporality temporality) {
        Map<String, Metric.Builder> byName = new LinkedHashMap<>();
        for (SeriesSnapshot s : series) {
            Metric.Builder m = byName.computeIfAbsent(s.name(), n -> Metric.newBuilder().setName(n)
                    .setUnit(s.unit()).setDescription(s.description()));
            if (s.histogram()) {
                if (!m.hasHistogram()) {
                    m.setHistogram(Histogram.newBuilder().setAggregationTemporality(temporality));
                }
                m.getHistogramBuilder().addDataPoints(histogramPoint(s, nowEpochNanos));
            } else {
                if (!m.hasSum()) {
                    m.setSum(Sum.newBuilder().setAggregationTemporality(temporality).setIsMonotonic(true));
                }
                NumberDataPoint.Builder p = NumberDataPoint.newBuilder()
                        .setStartTimeUnixNano(s.startEpochNanos()).setTimeUnixNano(nowEpochNanos);
                s.labels().forEach((k, v) -> p.addAttributes(keyValue(k, v)));
                if (s.integer()) {
                    p.setAsInt(Math.round(s.total()));
                } else {
                    p.setAsDouble(s.total());
                }
                m.getSumBuilder().addDataPoints(p);
            }
        }
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scopeName).build());
        byName.values().forEach(scope::addMetrics);
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(resource)).addScopeMetrics(scope))
                .build();
    }

    private static final AggregationTemporality CUMULATIVE = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;

    private static HistogramDataPoint histogramPoint(SeriesSnapshot s, long nowEpochNanos) {
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder()
                .setStartTimeUnixNano(s.startEpochNanos()).setTimeUnixNano(nowEpochNanos)
                .setCount(s.count()).setSum(s.total());
        s.labels().forEach((k, v) -> p.addAttributes(keyValue(k, v)));
        for (double bound : s.bounds()) {
            p.addExplicitBounds(bound);
        }
        for (long c : s.bucketCounts()) {
            p.addBucketCounts(c);
        }
        if (s.min() != null) {
            p.setMin(s.min());
        }
        if (s.max() != null) {
            p.setMax(s.max());
        }
        return p.build();
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
        if (v == null) {
            return a.build();
        } else if (v instanceof Boolean b) {
            a.setBoolValue(b);
        } else if (v instanceof Long || v instanceof Integer) {
            a.setIntValue(((Number) v).longValue());
        } else if (v instanceof Number n) {
            a.setDoubleValue(n.doubleValue());
        } else if (v instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            list.forEach(e -> array.addValues(anyValue(e)));
            a.setArrayValue(array);
        } else {
            a.setStringValue(String.valueOf(v));
        }
        return a.build();
    }
}
