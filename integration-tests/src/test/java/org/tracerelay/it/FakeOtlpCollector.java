package org.tracerelay.it;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An OTLP/HTTP collector inside the test JVM: decodes each ExportTraceServiceRequest with the
 * official proto classes, records it with its headers, and answers what the test tells it to.
 */
final class FakeOtlpCollector implements AutoCloseable {

    /** What to answer: a status and an optional Retry-After. */
    record Answer(int status, String retryAfter) {
        static final Answer OK = new Answer(200, null);
    }

    record Received(Map<String, List<String>> headers, ExportTraceServiceRequest request, int answeredWith) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> probes = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> keyChecks = new CopyOnWriteArrayList<>();
    private volatile Function<ExportTraceServiceRequest, Answer> policy = r -> Answer.OK;

    private final List<String> refusedMethods = new CopyOnWriteArrayList<>();

    FakeOtlpCollector() throws IOException {
        this(0, "/v1/traces");
    }

    /** On a fixed port: for a relay whose operator setting names this collector (Datadog's base URLs). */
    FakeOtlpCollector(int port) throws IOException {
        this(port, "/v1/traces");
    }

    /** A collector taking traces at {@code tracesPath} (Aliyun's carries the license key). */
    FakeOtlpCollector(String tracesPath) throws IOException {
        this(0, tracesPath);
    }

    private FakeOtlpCollector(int port, String tracesPath) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // Datadog's key check (GET /api/v1/validate): valid, and recorded with its headers.
        server.createContext("/api/v1/validate", exchange -> {
            keyChecks.add(Map.copyOf(exchange.getRequestHeaders()));
            byte[] body = "{\"valid\":true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext(tracesPath, exchange -> {
            if (!exchange.getRequestMethod().equals("POST")) {
                // As real collectors do: the URL exists, it only takes POST (Aliyun's check relies on it).
                refusedMethods.add(exchange.getRequestMethod());
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                // An empty export is the relay's credential check: accepted, and kept apart from data.
                boolean probe = request.getResourceSpansCount() == 0;
                Answer answer = probe ? Answer.OK : policy.apply(request);
                (probe ? probes : received).add(new Received(Map.copyOf(exchange.getRequestHeaders()), request, answer.status()));
                if (answer.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
                }
                byte[] body = answer.status() == 200 ? ExportTraceServiceResponse.getDefaultInstance().toByteArray()
                        : "{\"error\":\"refused by the fake collector\"}".getBytes();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
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

    /** A fixed JSON answer at another path of the same server (a backend that checks credentials over REST). */
    void serve(String path, int status, String json) {
        server.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
                byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } finally {
                exchange.close();
            }
        });
    }

    void answer(Function<ExportTraceServiceRequest, Answer> newPolicy) {
        this.policy = newPolicy;
    }

    /** Data requests, credential checks excluded. */
    List<Received> requests() {
        return List.copyOf(received);
    }

    /** The credential checks (empty exports) the relay sent before saving a config. */
    List<Received> probes() {
        return List.copyOf(probes);
    }

    /** The headers of each Datadog key check (GET /api/v1/validate) received. */
    List<Map<String, List<String>>> keyChecks() {
        return List.copyOf(keyChecks);
    }

    /** Methods other than POST that reached the traces path, each answered 405. */
    List<String> refusedMethods() {
        return List.copyOf(refusedMethods);
    }

    /** Spans from requests the collector accepted (200). */
    List<Span> acceptedSpans() {
        List<Span> spans = new ArrayList<>();
        for (Received r : received) {
            if (r.answeredWith() == 200) {
                r.request().getResourceSpansList().forEach(rs -> rs.getScopeSpansList()
                        .forEach(ss -> spans.addAll(ss.getSpansList())));
            }
        }
        return spans;
    }

    static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    static Optional<String> attribute(Span span, String key) {
        for (KeyValue kv : span.getAttributesList()) {
            if (kv.getKey().equals(key)) {
                var v = kv.getValue();
                return Optional.of(switch (v.getValueCase()) {
                    case INT_VALUE -> Long.toString(v.getIntValue());
                    case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                    case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                    default -> v.getStringValue();
                });
            }
        }
        return Optional.empty();
    }

    static boolean containsAttribute(ExportTraceServiceRequest request, String key, String value) {
        return request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream())
                .anyMatch(s -> attribute(s, key).filter(value::equals).isPresent());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
