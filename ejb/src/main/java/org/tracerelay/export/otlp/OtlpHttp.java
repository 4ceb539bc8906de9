package org.tracerelay.export.otlp;

import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
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
 * OTLP/HTTP protobuf export of any signal, shared by every OTLP-speaking exporter: the spec's
 * retryable statuses and its partial-success answer.
 */
@ApplicationScoped
public class OtlpHttp {

    private static final Logger LOG = Logger.getLogger(OtlpHttp.class.getName());
    static final String PROTOBUF = "application/x-protobuf";

    @Inject
    ExportHttp http;

    protected OtlpHttp() {
        // for CDI
    }

    /** Outside a container (domain tests). */
    public OtlpHttp(ExportHttp http) {
        this.http = http;
    }

    /** To an admin-supplied endpoint: the outbound guard applies. */
    public ExportOutcome send(URI endpoint, Map<String, String> headers, OtlpSignal signal, MessageLite request) {
        return send(endpoint, headers, signal, request, null, ExportHttp.Origin.ADMIN);
    }

    /** An empty trace export: collectors accept it, so it proves endpoint and headers without sending data. */
    public ExportOutcome probe(URI tracesEndpoint, Map<String, String> headers, Duration timeout) {
        return send(tracesEndpoint, headers, OtlpSignal.TRACES, ExportTraceServiceRequest.getDefaultInstance(), timeout,
                ExportHttp.Origin.ADMIN);
    }

    /**
     * As {@link #send(URI, Map, OtlpSignal, MessageLite)}, delivered only when the collector took
     * every item: a 2xx whose partial success rejected some refuses the request for good
     * ({@code otlp_rejected}). The answer names no item, so a caller that bisects narrows the
     * refusal down to the items holding the rejected ones.
     */
    public ExportOutcome sendWhole(URI endpoint, Map<String, String> headers, OtlpSignal signal, MessageLite request) {
        ExportHttp.Reply reply;
        try {
            reply = http.post(endpoint, headers, PROTOBUF, request.toByteArray(), null, ExportHttp.Origin.ADMIN);
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        String rejected = reply.ok() ? reply.wholeBody().map(signal::rejected).orElse(null) : null;
        return rejected == null ? reply.outcome() : ExportOutcome.dead("otlp_rejected", "the collector rejected " + rejected);
    }

    public ExportOutcome send(URI endpoint, Map<String, String> headers, OtlpSignal signal, MessageLite request,
                              Duration timeout, ExportHttp.Origin origin) {
        ExportHttp.Reply reply;
        try {
            reply = http.post(endpoint, headers, PROTOBUF, request.toByteArray(), timeout, origin);
        } catch (IOException e) {
            return ExportHttp.failure(e);
        }
        if (reply.ok()) {
            // An answer cut at the size cap is not read: the status alone says accepted.
            String rejected = reply.wholeBody().map(signal::rejected).orElse(null);
            if (rejected != null) {
                // Rejected items in a 2xx answer are not retryable (OTLP spec); we can only say so.
                LOG.warning(() -> "collector at " + endpoint.getHost() + " rejected " + rejected);
            }
        }
        return reply.outcome();
    }

    /** {@code k=v,k2=v2} (the OTEL_EXPORTER_OTLP_HEADERS form) to a header map; values trimmed. */
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
}
