package org.tracerelay.export.otlp;

import com.google.protobuf.MessageLite;
import java.util.Map;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;

/** OTLP/HTTP protobuf to {@code {endpoint}/v1/<signal>}, over the shared HTTP client. */
public final class OtlpHttpChannel implements OtlpChannel {

    private final OtlpHttp http;
    private final String endpoint;
    private final Map<String, String> headers;
    private final ExportHttp.Origin origin;

    public OtlpHttpChannel(OtlpHttp http, String endpoint, Map<String, String> headers, ExportHttp.Origin origin) {
        this.http = http;
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
        this.origin = origin;
    }

    @Override
    public ExportOutcome export(OtlpSignal signal, MessageLite request) {
        return http.send(signal.endpoint(endpoint), headers, signal, request, null, origin);
    }

    @Override
    public void close() {
        // The HTTP client is shared and pooled; there is nothing of ours to release.
    }
}
