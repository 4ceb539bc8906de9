package org.tracerelay.export.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** The three OTLP signals: their OTLP/HTTP path and how their answer reports rejected items. */
public enum OtlpSignal {

    TRACES("/v1/traces", "spans"),
    LOGS("/v1/logs", "log records"),
    METRICS("/v1/metrics", "data points");

    private final String path;
    private final String items;

    OtlpSignal(String path, String items) {
        this.path = path;
        this.items = items;
    }

    public String path() {
        return path;
    }

    /** A base endpoint gets the signal path; one that already ends with it is kept. */
    public java.net.URI endpoint(String base) {
        String e = base.trim();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return java.net.URI.create(e.endsWith(path) ? e : e + path);
    }

    /** "N spans" when a 2xx answer's partial success rejected some, else null. */
    String rejected(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            long n = switch (this) {
                case TRACES -> ExportTraceServiceResponse.parseFrom(body).getPartialSuccess().getRejectedSpans();
                case LOGS -> ExportLogsServiceResponse.parseFrom(body).getPartialSuccess().getRejectedLogRecords();
                case METRICS -> ExportMetricsServiceResponse.parseFrom(body).getPartialSuccess().getRejectedDataPoints();
            };
            return n > 0 ? n + " " + items : null;
        } catch (InvalidProtocolBufferException notAResponse) {
            // A 2xx with a body that is not a response message still means accepted.
            return null;
        }
    }
}
