package org.tracerelay.export.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;

/**
 * OTLP/HTTP protobuf export of traces, shared by every OTLP-speaking exporter: the spec's
 * {@code /v1/traces} path, its retryable statuses, and its partial-success answer.
 */
@ApplicationScoped
public class OtlpHttpTraces {

    private static final Logger LOG = Logger.getLogger(OtlpHttpTraces.class.getName());
    static final String PROTOBUF = "application/x-protobuf";

    @Inject
    ExportHttp http;

    public ExportOutcome send(URI tracesEndpoint, Map<String, String> headers, ExportTraceServiceRequest request) {
        return send(tracesEndpoint, headers, request, null);
    }

    /** An empty export: collectors accept it, so it proves endpoint and headers without sending data. */
    public ExportOutcome probe(URI tracesEndpoint, Map<String, String> headers, Duration timeout) {
        return send(tracesEndpoint, headers, ExportTraceServiceRequest.getDefaultInstance(), timeout);
    }

    private ExportOutcome send(URI tracesEndpoint, Map<String, String> headers, ExportTraceServiceRequest request,
                               Duration timeout) {
        ExportHttp.Reply reply;
        try {
            byte[] body = request.toByteArray();
            reply = timeout == null ? http.post(tracesEndpoint, headers, PROTOBUF, body)
                    : http.post(tracesEndpoint, headers, PROTOBUF, body, timeout);
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        if (reply.ok()) {
            logPartialSuccess(tracesEndpoint, reply.body());
        }
        return reply.outcome();
    }

    /** A base endpoint gets the signal path; one that already names {@code /v1/traces} is kept. */
    public static URI tracesEndpoint(String endpoint) {
        String e = endpoint.trim();
        while (e.endsWith("/")) {
            e = e.substring(0, e.length() - 1);
        }
        return URI.create(e.endsWith("/v1/traces") ? e : e + "/v1/traces");
    }

    /** {@code k=v,k2=v2} (the OTEL_EXPORTER_OTLP_HEADERS form) to a header map. */
    public static Map<String, String> parseHeaders(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return headers;
        }
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                headers.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return headers;
    }

    /** Rejected spans in a 200 answer are not retryable (OTLP spec); we can only count them. */
    private static void logPartialSuccess(URI endpoint, byte[] body) {
        if (body == null || body.length == 0) {
            return;
        }
        try {
            ExportTraceServiceResponse r = ExportTraceServiceResponse.parseFrom(body);
            if (r.hasPartialSuccess() && r.getPartialSuccess().getRejectedSpans() > 0) {
                LOG.warning(() -> "collector at " + endpoint.getHost() + " rejected "
                        + r.getPartialSuccess().getRejectedSpans() + " spans");
            }
        } catch (InvalidProtocolBufferException ignored) {
            // A 2xx with a body that is not a response message still means accepted.
        }
    }
}
