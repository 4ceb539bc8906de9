package org.tracerelay.it;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An OTLP collector for traces, logs and metrics inside the test JVM, over OTLP/HTTP protobuf
 * and OTLP/gRPC at once. It decodes every request with the official proto classes, records it
 * with its headers, and answers what the test tells it to (per signal).
 */
final class FakeEnterpriseCollector implements AutoCloseable {

    enum Signal { TRACES, LOGS, METRICS }

    /** One request as received: signal, lower-cased headers, decoded body, and whether it was accepted. */
    record Received(Signal signal, Map<String, String> headers, MessageLite request, boolean accepted) {
    }

    private final HttpServer http;
    private final Server grpc;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Signal, Boolean> refuse = s -> false;
    private static final Context.Key<Map<String, String>> HEADERS = Context.key("headers");

    FakeEnterpriseCollector() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        context("/v1/traces", Signal.TRACES, ExportTraceServiceRequest::parseFrom, ExportTraceServiceResponse.getDefaultInstance());
        context("/v1/logs", Signal.LOGS, ExportLogsServiceRequest::parseFrom, ExportLogsServiceResponse.getDefaultInstance());
        context("/v1/metrics", Signal.METRICS, ExportMetricsServiceRequest::parseFrom, ExportMetricsServiceResponse.getDefaultInstance());
        http.start();
        grpc = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest r, StreamObserver<ExportTraceServiceResponse> out) {
                        answer(Signal.TRACES, r, out, ExportTraceServiceResponse.getDefaultInstance());
                    }
                }, headerCapture()))
                .addService(ServerInterceptors.intercept(new LogsServiceGrpc.LogsServiceImplBase() {
                    @Override
                    public void export(ExportLogsServiceRequest r, StreamObserver<ExportLogsServiceResponse> out) {
                        answer(Signal.LOGS, r, out, ExportLogsServiceResponse.getDefaultInstance());
                    }
                }, headerCapture()))
                .addService(ServerInterceptors.intercept(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest r, StreamObserver<ExportMetricsServiceResponse> out) {
                        answer(Signal.METRICS, r, out, ExportMetricsServiceResponse.getDefaultInstance());
                    }
                }, headerCapture()))
                .build().start();
    }

    interface Parser {
        MessageLite parse(byte[] body) throws InvalidProtocolBufferException;
    }

    private void context(String path, Signal signal, Parser parser, MessageLite ok) {
        http.createContext(path, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                MessageLite request = parser.parse(in.readAllBytes());
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                boolean refused = refuse.apply(signal);
                received.add(new Received(signal, headers, request, !refused));
                byte[] body = refused ? new byte[0] : ok.toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(refused ? 503 : 200, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } finally {
                exchange.close();
            }
        });
    }

    private <T> void answer(Signal signal, MessageLite request, StreamObserver<T> out, T ok) {
        boolean refused = refuse.apply(signal);
        received.add(new Received(signal, HEADERS.get(), request, !refused));
        if (refused) {
            out.onError(Status.UNAVAILABLE.withDescription("fake collector refuses").asRuntimeException());
        } else {
            out.onNext(ok);
            out.onCompleted();
        }
    }

    private static ServerInterceptor headerCapture() {
        return new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata metadata,
                                                               ServerCallHandler<Q, A> next) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String key : metadata.keys()) {
                    if (!key.endsWith("-bin")) {
                        headers.put(key, metadata.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER)));
                    }
                }
                return Contexts.interceptCall(Context.current().withValue(HEADERS, headers), call, metadata, next);
            }
        };
    }

    String httpEndpoint() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String grpcEndpoint() {
        return "http://127.0.0.1:" + grpc.getPort();
    }

    /** Whether to answer a signal's requests with 503 / UNAVAILABLE from now on. */
    void refuse(Function<Signal, Boolean> policy) {
        this.refuse = policy;
    }

    List<Received> requests(Signal signal) {
        return received.stream().filter(r -> r.signal() == signal).toList();
    }

    List<Span> acceptedSpans() {
        List<Span> spans = new ArrayList<>();
        for (Received r : requests(Signal.TRACES)) {
            if (r.accepted()) {
                ((ExportTraceServiceRequest) r.request()).getResourceSpansList()
                        .forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(ss.getSpansList())));
            }
        }
        return spans;
    }

    List<LogRecord> acceptedLogs() {
        List<LogRecord> logs = new ArrayList<>();
        for (Received r : requests(Signal.LOGS)) {
            if (r.accepted()) {
                ((ExportLogsServiceRequest) r.request()).getResourceLogsList()
                        .forEach(rl -> rl.getScopeLogsList().forEach(sl -> logs.addAll(sl.getLogRecordsList())));
            }
        }
        return logs;
    }

    /** The metrics of the newest accepted metrics request, by name. */
    Map<String, Metric> latestMetrics() {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        List<Received> accepted = requests(Signal.METRICS).stream().filter(Received::accepted).toList();
        if (!accepted.isEmpty()) {
            ((ExportMetricsServiceRequest) accepted.get(accepted.size() - 1).request()).getResourceMetricsList()
                    .forEach(rm -> rm.getScopeMetricsList().forEach(sm -> sm.getMetricsList()
                            .forEach(m -> metrics.put(m.getName(), m))));
        }
        return metrics;
    }

    static Map<String, AnyValue> attributes(List<KeyValue> kvs) {
        Map<String, AnyValue> map = new LinkedHashMap<>();
        kvs.forEach(kv -> map.put(kv.getKey(), kv.getValue()));
        return map;
    }

    static String text(List<KeyValue> kvs, String key) {
        AnyValue v = attributes(kvs).get(key);
        return v == null ? null : v.getStringValue();
    }

    @Override
    public void close() throws InterruptedException {
        http.stop(0);
        grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
