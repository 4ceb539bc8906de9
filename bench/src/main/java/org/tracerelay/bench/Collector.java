package org.tracerelay.bench;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The OTLP/HTTP collector inside the benchmark: counts spans and notes when each span id first arrived. */
final class Collector implements AutoCloseable {

    private final HttpServer server;
    final AtomicLong spans = new AtomicLong();
    final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
    /** While set, every export is refused with 503 (a collector outage); nothing is counted. */
    volatile boolean down;
    /** While set, spans are counted but their arrival times are not kept (the backlog run's million). */
    volatile boolean countOnly;
    /** How long each export waits before its answer: a remote backend (bin/bench --nodes). */
    private final long latencyMillis;

    Collector() throws IOException {
        this(0);
    }

    Collector(long latencyMillis) throws IOException {
        this.latencyMillis = latencyMillis;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        // A slow backend serves many requests at once; it is slow per request, not one at a time.
        server.setExecutor(Executors.newFixedThreadPool(latencyMillis > 0 ? 64 : 4));
        server.createContext("/v1/traces", exchange -> {
            if (latencyMillis > 0) {
                try {
                    Thread.sleep(latencyMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long now = System.nanoTime();
            if (down) {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                r.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> {
                    spans.incrementAndGet();
                    if (!countOnly) {
                        firstArrival.putIfAbsent(HexFormat.of().formatHex(s.getSpanId().toByteArray()), now);
                    }
                })));
                byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
                if (ok.length > 0) {
                    exchange.getResponseBody().write(ok);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
