package org.tracerelay.export.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.outbox.ExportOutcome;

/**
 * The one HTTP transport of every exporter (JDK HttpClient: pooled connections, HTTP/2 when the
 * server offers it). It carries no destination state: endpoint, headers and credentials come with
 * each request. Redirects are never followed, so a backend cannot bounce us elsewhere.
 */
@ApplicationScoped
public class ExportHttp {

    @Inject
    @ConfigProperty(name = "trace.export.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "trace.export.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    @Inject
    OutboundGuard guard;

    private HttpClient client;

    protected ExportHttp() {
        // for CDI
    }

    /** Outside a container (domain tests): the same client with explicit settings. */
    public ExportHttp(Duration timeout, Duration connectTimeout, OutboundGuard guard) {
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.guard = guard;
        init();
    }

    @PostConstruct
    void init() {
        client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A reply that arrived; {@link #outcome()} classifies it. */
    public record Reply(int status, byte[] body, String retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public ExportOutcome outcome() {
            return HttpOutcomes.of(status, retryAfter);
        }
    }

    /**
     * Who chose the URL. An admin's URL passes the outbound guard before every request; the
     * operator's own (deployment configuration, e.g. the enterprise collector) is trusted.
     */
    public enum Origin { ADMIN, OPERATOR }

    public Reply post(URI uri, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        return post(uri, headers, contentType, body, timeout, Origin.ADMIN);
    }

    /** @param requestTimeout null for the configured export timeout */
    public Reply post(URI uri, Map<String, String> headers, String contentType, byte[] body, Duration requestTimeout,
                      Origin origin) throws IOException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), uri, headers, requestTimeout, origin);
    }

    public Reply get(URI uri, Map<String, String> headers, Duration requestTimeout, Origin origin) throws IOException {
        return send(HttpRequest.newBuilder(uri).GET(), uri, headers, requestTimeout, origin);
    }

    /** A HEAD: some backends prove an endpoint exists by how they refuse it (Aliyun answers 405). */
    public Reply head(URI uri, Map<String, String> headers, Duration requestTimeout, Origin origin) throws IOException {
        return send(HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()), uri, headers,
                requestTimeout, origin);
    }

    private Reply send(HttpRequest.Builder b, URI uri, Map<String, String> headers, Duration requestTimeout, Origin origin)
            throws IOException {
        if (origin == Origin.ADMIN) {
            String refusal = guard.refusal(uri.toString());
            if (refusal != null) {
                throw new ForbiddenDestination(refusal);
            }
        }
        b.timeout(requestTimeout == null ? timeout : requestTimeout);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // No h2c upgrade dance on cleartext: collectors differ in how they take it.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        headers.forEach(b::header);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Retry-After").orElse(null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting", e);
        }
    }

    /** The URL is not one this deployment may call (see {@link OutboundGuard}); no retry helps. */
    public static final class ForbiddenDestination extends IOException {
        ForbiddenDestination(String reason) {
            super(reason);
        }
    }

    /** Network trouble is worth another try; a forbidden destination is not. */
    public static ExportOutcome failure(IOException e) {
        if (e instanceof ForbiddenDestination) {
            return ExportOutcome.dead("destination_forbidden", e.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return ExportOutcome.retry("timeout", "no answer within the export timeout", null);
        }
        return ExportOutcome.retry("network_error", e.getClass().getSimpleName(), null);
    }
}
