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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.ExportOutcome;

/**
 * The one HTTP transport of every exporter (JDK HttpClient: pooled connections, HTTP/2 when the
 * server offers it). It carries no destination state: endpoint, headers and credentials come with
 * each request. Redirects are never followed, so a backend cannot bounce us elsewhere. An answer
 * is kept up to {@code trace.export.max-response-bytes} and must arrive whole within the request
 * timeout, so no backend can make us buffer or wait without bound.
 */
@ApplicationScoped
public class ExportHttp {

    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    @Inject
    @ConfigProperty(name = "trace.export.timeout", defaultValue = "PT10S")
    Duration timeout;

    @Inject
    @ConfigProperty(name = "trace.export.connect-timeout", defaultValue = "PT5S")
    Duration connectTimeout;

    /** What the relay keeps of an answer; every body it reads (errors, partial success, projects) is far smaller. */
    @Inject
    @ConfigProperty(name = "trace.export.max-response-bytes", defaultValue = "1048576")
    int maxResponseBytes;

    @Inject
    OutboundGuard guard;

    private HttpClient client;

    protected ExportHttp() {
        // for CDI
    }

    /** Outside a container (domain tests): the same client with explicit settings. */
    public ExportHttp(Duration timeout, Duration connectTimeout, OutboundGuard guard) {
        this(timeout, connectTimeout, DEFAULT_MAX_RESPONSE_BYTES, guard);
    }

    /** As above, with the response cap too. */
    public ExportHttp(Duration timeout, Duration connectTimeout, int maxResponseBytes, OutboundGuard guard) {
        this.timeout = timeout;
        this.connectTimeout = connectTimeout;
        this.maxResponseBytes = maxResponseBytes;
        this.guard = guard;
        init();
    }

    @PostConstruct
    void init() {
        if (maxResponseBytes < 0) {
            throw new IllegalArgumentException("trace.export.max-response-bytes cannot be negative: " + maxResponseBytes);
        }
        client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A reply that arrived; {@link #outcome()} classifies it. {@code body} holds at most the
     * configured cap; {@code truncated} says the backend sent more, which was not read.
     */
    public record Reply(int status, byte[] body, boolean truncated, String retryAfter) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body to parse: empty when it was cut at the cap, since a part never reads as the whole. */
        public Optional<byte[]> wholeBody() {
            return truncated ? Optional.empty() : Optional.of(body);
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

    /** A PUT, for uploads to a signed URL the backend handed out (Databricks trace data). */
    public Reply put(URI uri, Map<String, String> headers, String contentType, byte[] body, Duration requestTimeout,
                     Origin origin) throws IOException {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), uri, headers, requestTimeout, origin);
    }

    /** A PATCH, for storage APIs that append to a file in place (Azure Data Lake Storage Gen2). */
    public Reply patch(URI uri, Map<String, String> headers, String contentType, byte[] body, Duration requestTimeout,
                       Origin origin) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b, uri, headers, requestTimeout, origin);
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
        Duration deadline = requestTimeout == null ? timeout : requestTimeout;
        b.timeout(deadline);
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // No h2c upgrade dance on cleartext: collectors differ in how they take it.
            b.version(HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                // The JDK's message quotes the value, often a secret: it goes no further than here.
                throw new UnusableHeader(h.getKey());
            }
        }
        HttpResponse<CappedBodySubscriber.Body> r =
                whole(client.sendAsync(b.build(), CappedBodySubscriber.handler(maxResponseBytes)), deadline);
        return new Reply(r.statusCode(), r.body().bytes(), r.body().truncated(), r.headers().firstValue("Retry-After").orElse(null));
    }

    /**
     * Waits for the whole exchange, body included: the client's own request timeout ends at the
     * response headers, so a backend trickling its body would otherwise hold the thread for good.
     */
    private static <T> HttpResponse<T> whole(CompletableFuture<HttpResponse<T>> exchange, Duration deadline) throws IOException {
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true); // aborts the exchange and drops its connection
            throw new HttpTimeoutException("no whole answer within " + deadline);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting", e);
        } catch (ExecutionException e) {
            // the client's own failure, as a synchronous send throws it
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    /** The URL is not one this deployment may call (see {@link OutboundGuard}); no retry helps. */
    public static final class ForbiddenDestination extends IOException {
        ForbiddenDestination(String reason) {
            super(reason);
        }
    }

    /**
     * A configured header HTTP cannot carry (a line break, a control character); no retry helps.
     * Names the header only when its name is a valid one, and never its value.
     */
    public static final class UnusableHeader extends IOException {
        private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

        UnusableHeader(String name) {
            super((name != null && TOKEN.matcher(name).matches() ? "the header " + name : "a header name")
                    + " holds a character HTTP does not allow");
        }
    }

    /** Network trouble is worth another try; a forbidden destination or an unusable header is not. */
    public static ExportOutcome failure(IOException e) {
        if (e instanceof ForbiddenDestination) {
            return ExportOutcome.dead("destination_forbidden", e.getMessage());
        }
        if (e instanceof UnusableHeader) {
            return ExportOutcome.dead("invalid_header", e.getMessage());
        }
        if (e instanceof HttpTimeoutException) {
            return ExportOutcome.retry("timeout", "no answer within the export timeout", null);
        }
        return ExportOutcome.retry("network_error", e.getClass().getSimpleName(), null);
    }
}
