package org.tracerelay.export.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the relay keeps of a backend's answer, and how long it waits for it. */
class ExportHttpResponseBoundsTest {

    private static final long FIFTY_MIB = 50L * 1024 * 1024;
    private static final OutboundGuard LOOPBACK_ALLOWED = new OutboundGuard(List.of("127.0.0.0/8"));

    private HttpServer server;
    /** Bytes the backend got out before the answer ended or the relay hung up. */
    private final CompletableFuture<Long> served = new CompletableFuture<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @ParameterizedTest(name = "Content-Length {0} (0: chunked)")
    @ValueSource(longs = {FIFTY_MIB, 0})
    void aHugeBodyIsCutAtTheDefaultCapAndNotReadFurther(long contentLength) throws Exception {
        URI backend = serve(streaming(FIFTY_MIB, contentLength, 64 * 1024, Duration.ZERO));
        ExportHttp http = new ExportHttp(Duration.ofSeconds(10), Duration.ofSeconds(1), LOOPBACK_ALLOWED);

        ExportHttp.Reply reply = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> http.get(backend, Map.of(), null, ExportHttp.Origin.ADMIN));

        assertEquals(200, reply.status());
        assertEquals(1024 * 1024, reply.body().length);
        assertTrue(reply.truncated());
        assertTrue(reply.wholeBody().isEmpty(), "a part is never offered as the whole");
        long sent = served.get(5, TimeUnit.SECONDS);
        assertTrue(sent < FIFTY_MIB, "the relay hung up instead of draining; the backend got out " + sent + " bytes");
    }

    @ParameterizedTest(name = "{0} bytes under a cap of 1024")
    @CsvSource({"0, false", "1024, false", "1025, true"})
    void aBodyIsWholeUpToTheCapAndTruncatedPastIt(int size, boolean truncated) throws Exception {
        URI backend = serve(streaming(size, size, 100, Duration.ZERO));
        ExportHttp http = new ExportHttp(Duration.ofSeconds(5), Duration.ofSeconds(1), 1024, LOOPBACK_ALLOWED);

        ExportHttp.Reply reply = http.post(backend, Map.of(), "application/json", new byte[0], null, ExportHttp.Origin.ADMIN);

        assertEquals(Math.min(size, 1024), reply.body().length);
        assertEquals(truncated, reply.truncated());
        assertEquals(!truncated, reply.wholeBody().isPresent());
    }

    @Test
    void aNormalAnswerArrivesWholeWithItsHeaders() throws Exception {
        byte[] json = "{\"data\":[{\"id\":\"proj-1\",\"name\":\"p\"}]}".getBytes(StandardCharsets.UTF_8);
        URI backend = serve(exchange -> {
            exchange.getResponseHeaders().add("Retry-After", "7");
            exchange.sendResponseHeaders(207, json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        });

        ExportHttp.Reply reply = new ExportHttp(Duration.ofSeconds(5), Duration.ofSeconds(1), LOOPBACK_ALLOWED)
                .get(backend, Map.of(), null, ExportHttp.Origin.ADMIN);

        assertEquals(207, reply.status());
        assertEquals("7", reply.retryAfter());
        assertArrayEquals(json, reply.wholeBody().orElseThrow());
        assertFalse(reply.truncated());
    }

    /** The client's own timeout ends at the headers: without a deadline of ours this call would take 100 s. */
    @Test
    void aBodyTrickledPastTheTimeoutIsAbandoned() throws Exception {
        URI backend = serve(streaming(1000, 0, 1, Duration.ofMillis(100)));
        ExportHttp http = new ExportHttp(Duration.ofSeconds(1), Duration.ofSeconds(1), LOOPBACK_ALLOWED);

        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(IOException.class, () -> http.get(backend, Map.of(), null, ExportHttp.Origin.ADMIN)));

        assertInstanceOf(HttpTimeoutException.class, e);
        assertEquals("timeout", ExportHttp.failure(e).code());
        assertTrue(served.get(5, TimeUnit.SECONDS) < 1000, "the relay dropped the connection");
    }

    @Test
    void aNegativeCapIsAConfigurationError() {
        assertThrows(IllegalArgumentException.class, () -> new ExportHttp(Duration.ofSeconds(1), Duration.ofSeconds(1), -1, LOOPBACK_ALLOWED));
    }

    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Answers 200 with {@code total} bytes written {@code chunk} at a time from one reused buffer
     * (a 50 MiB answer is never held at once), pausing between writes; 0 for contentLength is chunked.
     */
    private HttpHandler streaming(long total, long contentLength, int chunk, Duration pause) {
        return exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] buffer = new byte[chunk];
            Arrays.fill(buffer, (byte) 'x');
            long sent = 0;
            try {
                exchange.sendResponseHeaders(200, total == 0 ? -1 : contentLength);
                OutputStream out = exchange.getResponseBody();
                while (sent < total) {
                    int n = (int) Math.min(chunk, total - sent);
                    out.write(buffer, 0, n);
                    out.flush();
                    sent += n;
                    if (!pause.isZero()) {
                        Thread.sleep(pause.toMillis());
                    }
                }
            } catch (IOException | InterruptedException hungUp) {
                // the relay stopped reading: what went out so far is the measure
            } finally {
                served.complete(sent);
                exchange.close();
            }
        };
    }
}
