package org.tracerelay.export.tencent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.span.RedactedTasks;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * Tencent APM against an OTLP/gRPC collector in this JVM that decodes the real trace and metrics
 * services: spans and attributes of every traced payload type, the delta histograms, the bearer
 * metadata, the gRPC fault matrix, bisection, metrics counted once across retries, the check.
 */
class TencentExporterTest {

    Server server;
    final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
    final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
    final List<Metadata> headers = new CopyOnWriteArrayList<>();
    volatile Function<ExportTraceServiceRequest, Status> traceAnswer = r -> Status.OK;
    volatile Function<ExportMetricsServiceRequest, Status> metricsAnswer = r -> Status.OK;
    volatile ExportTraceServiceResponse traceResponse = ExportTraceServiceResponse.getDefaultInstance();
    volatile Duration delay = Duration.ZERO;
    volatile com.google.rpc.Status richStatus;
    TencentExporter exporter;

    @BeforeEach
    void start() throws IOException {
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h, ServerCallHandler<Q, A> next) {
                headers.add(h);
                return next.startCall(call, h);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
                        pause();
                        traces.add(request);
                        Status status = traceAnswer.apply(request);
                        if (richStatus != null) {
                            out.onError(StatusProto.toStatusRuntimeException(richStatus));
                        } else if (status.isOk()) {
                            out.onNext(traceResponse);
                            out.onCompleted();
                        } else {
                            out.onError(status.asRuntimeException());
                        }
                    }
                }, capture))
                .addService(ServerInterceptors.intercept(new MetricsServiceGrpc.MetricsServiceImplBase() {
                    @Override
                    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> out) {
                        Status status = metricsAnswer.apply(request);
                        if (status.isOk()) {
                            metrics.add(request);
                            out.onNext(ExportMetricsServiceResponse.getDefaultInstance());
                            out.onCompleted();
                        } else {
                            out.onError(status.asRuntimeException());
                        }
                    }
                }, capture)).build().start();
        exporter = new TencentExporter();
        exporter.guard = new OutboundGuard(List.of("127.0.0.0/8"));
        // Generous: the build machine is shared; the timeout test shortens it for itself.
        exporter.timeout = Duration.ofSeconds(10);
        exporter.checkTimeout = Duration.ofSeconds(5);
    }

    private void pause() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() {
        server.shutdownNow();
    }

    Destination tencent(String endpoint) {
        return new Destination("tencent/app", "tencent", Tasks.APP,
                Map.of("token", "tk-secret", "endpoint", endpoint, "service_name", "my_dify"));
    }

    Destination tencent() {
        return tencent("http://127.0.0.1:" + server.getPort());
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    static List<Span> spans(ExportTraceServiceRequest r) {
        return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    static Map<String, Span> byName(ExportTraceServiceRequest r) {
        return spans(r).stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
    }

    static String attr(Span s, String key) {
        return value(s.getAttributesList(), key);
    }

    static String value(List<KeyValue> kvs, String key) {
        return kvs.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                        : kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue())
                        : Double.toString(kv.getValue().getDoubleValue())).orElse(null);
    }

    static List<Metric> metricList(ExportMetricsServiceRequest r) {
        return r.getResourceMetricsList().stream().flatMap(rm -> rm.getScopeMetricsList().stream())
                .flatMap(sm -> sm.getMetricsList().stream()).toList();
    }

    static List<HistogramDataPoint> points(List<ExportMetricsServiceRequest> requests, String name) {
        return requests.stream().flatMap(r -> metricList(r).stream()).filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getHistogram().getDataPointsList().stream()).toList();
    }

    static long nanos(String iso) {
        return Timestamps.nanos(Timestamps.parse(iso));
    }

    static TaskEnvelope workflowWithoutMessage(String status, String error) {
        JsonObject info = Json.createObjectBuilder(Tasks.workflow(status, error).traceInfo()).remove("message_id").build();
        return Tasks.envelope("WorkflowTraceInfo", info);
    }

    static TaskEnvelope streamedMessage() {
        JsonObject info = Json.createObjectBuilder(Tasks.message("").traceInfo()).add("llm_streaming_time_to_generate", 2.1).build();
        return Tasks.envelope("MessageTraceInfo", info);
    }

    Metadata.Key<String> key(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }

    @Test
    void everySpanShowsWhatTheDestinationsRulesRedactedButNoValue() {
        exporter.export(tencent(), List.of(item("d1", RedactedTasks.of(Tasks.workflow("succeeded", "")))));
        List<Span> spans = spans(traces.get(0));
        assertEquals(5, spans.size());
        for (Span s : spans) {
            assertEquals(Long.toString(RedactedTasks.COUNT), attr(s, RedactionAttributes.COUNT), s.getName());
            assertEquals(RedactedTasks.RULES, attr(s, RedactionAttributes.RULES), s.getName());
        }
        String sent = traces.get(0).toString();
        assertFalse(sent.contains(RedactedTasks.EMAIL) || sent.contains(RedactedTasks.CARD));
    }

    @Test
    void workflowSpansGoOverGrpcWithTheBearerToken() {
        Map<String, ExportOutcome> out = exporter.export(tencent(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), out);
        assertEquals("Bearer tk-secret", headers.get(0).get(key("authorization")));
        ExportTraceServiceRequest req = traces.get(0);
        Map<String, String> resource = req.getResourceSpans(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals("my_dify", resource.get("service.name"));
        assertTrue(resource.containsKey("host.name"));
        assertEquals("dify.ops", req.getResourceSpans(0).getScopeSpans(0).getScope().getName());
        Map<String, Span> spans = byName(req);
        assertEquals(Map.of("message", "WORKFLOW", "workflow", "WORKFLOW", "GENERATION", "GENERATION", "TOOL", "TOOL",
                        "KNOWLEDGE-RETRIEVAL", "RETRIEVER"),
                spans.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> attr(e.getValue(), "gen_ai.span.kind"))));
        Span message = spans.get("message");
        Span workflow = spans.get("workflow");
        Span llm = spans.get("GENERATION");
        Span tool = spans.get("TOOL");
        for (Span s : spans.values()) {
            assertArrayEquals(TraceIds.traceId(Tasks.MESSAGE), s.getTraceId().toByteArray(), "one trace, from the message id");
            assertEquals("dify", attr(s, "gen_ai.framework"));
            assertEquals(Tasks.CONVERSATION, attr(s, "gen_ai.session.id"));
            assertEquals("u-1", attr(s, "gen_ai.user.id"));
        }
        assertArrayEquals(TraceIds.spanId(Tasks.MESSAGE), message.getSpanId().toByteArray());
        assertArrayEquals(TraceIds.spanId(Tasks.RUN), workflow.getSpanId().toByteArray());
        assertArrayEquals(TraceIds.spanId(Tasks.LLM_NODE), llm.getSpanId().toByteArray());
        assertTrue(message.getParentSpanId().isEmpty());
        assertEquals(message.getSpanId(), workflow.getParentSpanId());
        assertEquals(workflow.getSpanId(), llm.getParentSpanId());
        assertEquals(workflow.getSpanId(), tool.getParentSpanId());
        assertEquals("true", attr(message, "gen_ai.is_entry"));
        assertNull(attr(workflow, "gen_ai.is_entry"), "only the span that opens the trace is the entry");
        assertNull(attr(llm, "gen_ai.is_entry"));
        assertEquals(nanos("2026-11-21T09:00:00+00:00"), workflow.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:04+00:00"), workflow.getEndTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:01+00:00"), llm.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:01.5+00:00"), llm.getEndTimeUnixNano(), "start + elapsed_time");
        assertEquals("{\"query\":\"What is the weather?\"}", attr(workflow, "gen_ai.entity.input"));
        assertEquals("{\"answer\":\"sunny\"}", attr(workflow, "gen_ai.entity.output"));
        assertEquals("gpt-4", attr(llm, "gen_ai.request.model"));
        assertEquals("gpt-4", attr(llm, "gen_ai.response.model"));
        assertEquals("openai", attr(llm, "gen_ai.provider.name"));
        assertEquals("openai", attr(llm, "gen_ai.system"));
        assertEquals("chat", attr(llm, "gen_ai.operation.name"));
        assertEquals("120", attr(llm, "gen_ai.usage.input_tokens"));
        assertEquals("85", attr(llm, "gen_ai.usage.output_tokens"));
        assertEquals("205", attr(llm, "gen_ai.usage.total_tokens"));
        assertEquals("...", attr(llm, "gen_ai.prompt"), "an LLM node's prompt is its process data's prompts");
        assertEquals("TOOL", attr(tool, "tool.name"));
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, llm.getKind());
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_UNSET, workflow.getStatus().getCode());
    }

    @Test
    void aWorkflowMetricsAreItsModelCallsAndARootWorkflowItsTraceDuration() {
        exporter.export(tencent(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(1, metrics.size());
        assertTrue(points(metrics, TencentMetrics.TRACE_DURATION).isEmpty(), "under a message the workflow is not the trace's root");
        HistogramDataPoint call = points(metrics, TencentMetrics.OPERATION_DURATION).get(0);
        assertEquals(1, call.getCount());
        assertEquals(0.5, call.getSum(), 1e-9);
        assertEquals(nanos("2026-11-21T09:00:01+00:00"), call.getStartTimeUnixNano());
        assertEquals("openai", value(call.getAttributesList(), "gen_ai.provider.name"));
        assertEquals("gpt-4", value(call.getAttributesList(), "gen_ai.request.model"));
        Map<String, Double> tokens = points(metrics, TencentMetrics.TOKEN_USAGE).stream().collect(Collectors.toMap(
                p -> value(p.getAttributesList(), "gen_ai.token.type"), HistogramDataPoint::getSum));
        assertEquals(Map.of("input", 120.0, "output", 85.0), tokens);
        HistogramDataPoint input = points(metrics, TencentMetrics.TOKEN_USAGE).stream()
                .filter(p -> "input".equals(value(p.getAttributesList(), "gen_ai.token.type"))).findFirst().orElseThrow();
        assertEquals("openai", value(input.getAttributesList(), "server.address"));
        assertEquals(List.of(0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0, 10000.0),
                input.getExplicitBoundsList());
        assertEquals(1, input.getBucketCounts(7), "120 tokens fall in (100, 250]");
        assertEquals(1, input.getBucketCountsList().stream().mapToLong(Long::longValue).sum());
        Metric usage = metricList(metrics.get(0)).stream().filter(m -> m.getName().equals(TencentMetrics.TOKEN_USAGE)).findFirst().orElseThrow();
        assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA, usage.getHistogram().getAggregationTemporality());
        assertEquals("{token}", usage.getUnit());

        metrics.clear();
        traces.clear();
        exporter.export(tencent(), List.of(item("d2", workflowWithoutMessage("partial-succeeded", ""))));
        Map<String, Span> spans = byName(traces.get(0));
        assertFalse(spans.containsKey("message"));
        assertEquals("true", attr(spans.get("workflow"), "gen_ai.is_entry"));
        assertArrayEquals(TraceIds.traceId(Tasks.RUN), spans.get("workflow").getTraceId().toByteArray());
        HistogramDataPoint duration = points(metrics, TencentMetrics.TRACE_DURATION).get(0);
        assertEquals(3.5, duration.getSum(), 1e-9, "Dify's elapsed time of the run");
        assertEquals("partial-succeeded", value(duration.getAttributesList(), "workflow_status"));
        assertEquals("true", value(duration.getAttributesList(), "has_conversation"));
        assertEquals(1, duration.getBucketCounts(1), "3.5 s falls in (0, 5]");
        Metric m = metricList(metrics.get(0)).stream().filter(x -> x.getName().equals(TencentMetrics.TRACE_DURATION)).findFirst().orElseThrow();
        assertEquals("s", m.getUnit());
    }

    @Test
    void aStreamedMessageHasItsGenerationAndStreamingMetrics() {
        exporter.export(tencent(), List.of(item("m", streamedMessage())));
        Map<String, Span> spans = byName(traces.get(0));
        Span message = spans.get("message");
        Span generation = spans.get("GENERATION");
        assertEquals("WORKFLOW", attr(message, "gen_ai.span.kind"));
        assertEquals("true", attr(message, "gen_ai.is_entry"));
        assertEquals(message.getSpanId(), generation.getParentSpanId());
        assertEquals("true", attr(generation, "llm.is_streaming"));
        assertEquals("0.32", attr(generation, "gen_ai.server.time_to_first_token"));
        assertEquals("2.1", attr(generation, "gen_ai.streaming.time_to_generate"));
        assertEquals("The weather is sunny.", attr(generation, "gen_ai.completion"));
        assertEquals("The weather is sunny.", attr(message, "gen_ai.entity.output"));
        assertEquals(nanos("2026-11-21T09:00:02.45+00:00"), message.getEndTimeUnixNano());

        HistogramDataPoint trace = points(metrics, TencentMetrics.TRACE_DURATION).get(0);
        assertEquals(2.45, trace.getSum(), 1e-9);
        assertEquals("chat", value(trace.getAttributesList(), "conversation_mode"));
        assertEquals("true", value(trace.getAttributesList(), "stream"));
        HistogramDataPoint ttft = points(metrics, TencentMetrics.TIME_TO_FIRST_TOKEN).get(0);
        assertEquals(0.32, ttft.getSum(), 1e-9);
        assertEquals("true", value(ttft.getAttributesList(), "stream"));
        assertEquals(2.1, points(metrics, TencentMetrics.TIME_TO_GENERATE).get(0).getSum(), 1e-9);
        assertEquals(2.45, points(metrics, TencentMetrics.OPERATION_DURATION).get(0).getSum(), 1e-9);
        assertEquals(2, points(metrics, TencentMetrics.TOKEN_USAGE).size());
    }

    @Test
    void aChatflowMessageDoesNotCountTheModelCallsItsWorkflowCounted() {
        JsonObject info = Json.createObjectBuilder(Tasks.message("").traceInfo()).add("metadata",
                Json.createObjectBuilder(Tasks.message("").traceInfo().getJsonObject("metadata")).add("workflow_run_id", Tasks.RUN)).build();
        exporter.export(tencent(), List.of(item("m", Tasks.envelope("MessageTraceInfo", info))));
        assertEquals(1, points(metrics, TencentMetrics.TRACE_DURATION).size());
        assertTrue(points(metrics, TencentMetrics.TOKEN_USAGE).isEmpty());
        assertTrue(points(metrics, TencentMetrics.OPERATION_DURATION).isEmpty());
    }

    @Test
    void everyTracedTypeAndTheOnesNotSent() {
        Map<String, ExportOutcome> out = exporter.export(tencent(), List.of(item("t", Tasks.tool("timeout")),
                item("r", Tasks.datasetRetrieval()), item("s", Tasks.suggestedQuestion())));
        assertTrue(out.values().stream().allMatch(o -> o.kind() == ExportOutcome.Kind.DELIVERED), out::toString);
        Map<String, Span> spans = byName(traces.get(0));
        Span tool = spans.get("weather_api");
        assertEquals("TOOL", attr(tool, "gen_ai.span.kind"));
        assertEquals("weather_api", attr(tool, "tool.name"));
        assertEquals("{\"api_key\":\"***\"}", attr(tool, "tool.parameters"));
        assertEquals("{\"timeout\":30}", attr(tool, "tool.description"));
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, tool.getStatus().getCode());
        assertEquals("timeout", tool.getStatus().getMessage());
        assertEquals("exception", tool.getEvents(0).getName());
        assertArrayEquals(TraceIds.spanId(Tasks.MESSAGE), tool.getParentSpanId().toByteArray(), "under its message");
        assertArrayEquals(TraceIds.traceId(Tasks.MESSAGE), tool.getTraceId().toByteArray());
        assertNull(attr(tool, "gen_ai.is_entry"));
        assertEquals(nanos("2026-11-21T09:00:00+00:00"), tool.getStartTimeUnixNano());
        assertEquals(nanos("2026-11-21T09:00:02.45+00:00"), tool.getEndTimeUnixNano());
        Span retrieval = spans.get("dataset_retrieval");
        assertEquals("RETRIEVER", attr(retrieval, "gen_ai.span.kind"));
        assertEquals("installation guide", attr(retrieval, "retrieval.query"));
        assertTrue(attr(retrieval, "retrieval.document").contains("install it"));
        assertEquals("TASK", attr(spans.get("suggested_question"), "gen_ai.span.kind"));
        assertTrue(metrics.isEmpty(), "tool calls, retrievals and suggested questions make no observation");

        traces.clear();
        Map<String, ExportOutcome> none = exporter.export(tencent(), List.of(item("q", Tasks.moderation()),
                item("g", Tasks.generateName()), item("p", Tasks.promptGeneration("")), item("n", Tasks.draftNode()),
                item("a", Tasks.appEvent("created")), item("f", Tasks.feedback())));
        assertEquals(6, none.size());
        assertTrue(none.values().stream().allMatch(o -> o.kind() == ExportOutcome.Kind.DELIVERED), "nothing to send is delivered");
        assertTrue(traces.isEmpty());
        assertTrue(metrics.isEmpty());
    }

    @Test
    void resentBatchRepeatsItsIds() {
        exporter.export(tencent(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        exporter.export(tencent(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(spans(traces.get(0)).stream().map(Span::getSpanId).toList(), spans(traces.get(1)).stream().map(Span::getSpanId).toList());
    }

    ExportOutcome outcome(Status status) {
        traceAnswer = r -> status;
        return exporter.export(tencent(), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void grpcFaultMatrix() {
        assertEquals(ExportOutcome.delivered(), outcome(Status.OK));
        for (Status retry : List.of(Status.UNAVAILABLE, Status.RESOURCE_EXHAUSTED)) {
            ExportOutcome o = outcome(retry);
            assertEquals(ExportOutcome.Kind.RETRY, o.kind(), retry.getCode().name());
            assertEquals("grpc_" + retry.getCode().name().toLowerCase(), o.code());
        }
        for (Status permanent : List.of(Status.INVALID_ARGUMENT, Status.UNAUTHENTICATED, Status.PERMISSION_DENIED, Status.INTERNAL)) {
            ExportOutcome o = outcome(permanent);
            assertEquals(ExportOutcome.Kind.DEAD, o.kind(), permanent.getCode().name());
            assertEquals("grpc_" + permanent.getCode().name().toLowerCase(), o.code());
        }
        assertTrue(outcome(Status.UNAUTHENTICATED).destinationRefused());
        assertTrue(outcome(Status.PERMISSION_DENIED).destinationRefused());
        assertFalse(outcome(Status.INVALID_ARGUMENT).destinationRefused());
    }

    @Test
    void resourceExhaustedHonoursTheCollectorsRetryDelay() {
        richStatus = com.google.rpc.Status.newBuilder().setCode(Status.Code.RESOURCE_EXHAUSTED.value()).setMessage("slow down")
                .addDetails(Any.pack(com.google.rpc.RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(30)).build())).build();
        ExportOutcome o = exporter.export(tencent(), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, o.kind());
        assertEquals("grpc_resource_exhausted", o.code());
        assertEquals(Duration.ofSeconds(30), o.retryAfter());
    }

    @Test
    void timeoutResetAndPartialSuccess() throws IOException {
        exporter.timeout = Duration.ofMillis(300);
        delay = Duration.ofSeconds(2);
        ExportOutcome late = exporter.export(tencent(), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, late.kind());
        assertEquals("grpc_deadline_exceeded", late.code());
        delay = Duration.ZERO;
        exporter.timeout = Duration.ofSeconds(10);

        ExportOutcome reset = exporter.export(tencent(resettingEndpoint()), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals(ExportOutcome.Kind.RETRY, reset.kind());
        assertEquals("grpc_unavailable", reset.code());

        traceResponse = ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(1).setErrorMessage("too long")).build();
        assertEquals(ExportOutcome.Kind.DELIVERED, exporter.export(tencent(), List.of(item("d1", Tasks.message("")))).get("d1").kind(),
                "OTLP partial success names no span: accepted, and logged");
    }

    /** A collector that accepts the connection and resets it at once. */
    static String resettingEndpoint() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Test
    void aPoisonItemDiesAloneByBisection() {
        traceAnswer = r -> spans(r).stream().anyMatch(s -> s.getName().equals("weather_api")) ? Status.INVALID_ARGUMENT : Status.OK;
        Map<String, ExportOutcome> out = exporter.export(tencent(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.datasetRetrieval())));
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("a").kind());
        assertEquals("grpc_invalid_argument", out.get("b").code());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("c").kind());
        assertEquals(1, points(metrics, TencentMetrics.TRACE_DURATION).size(), "the message's metrics went once, with its half");
    }

    @Test
    void aRefusedTokenKillsTheBatchWithoutBisection() {
        traceAnswer = r -> Status.UNAUTHENTICATED;
        Map<String, ExportOutcome> out = exporter.export(tencent(),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.datasetRetrieval())));
        assertTrue(out.values().stream().allMatch(o -> "grpc_unauthenticated".equals(o.code())));
        assertEquals(1, traces.size(), "every half would be refused too");
        assertTrue(metrics.isEmpty());
    }

    @Test
    void metricsAreCountedOnceAcrossRetries() {
        traceAnswer = r -> Status.UNAVAILABLE;
        assertEquals(ExportOutcome.Kind.RETRY, exporter.export(tencent(), List.of(item("m", Tasks.message("")))).get("m").kind());
        assertTrue(metrics.isEmpty(), "no metrics before their spans are in");

        traceAnswer = r -> Status.OK;
        metricsAnswer = r -> Status.UNAVAILABLE;
        assertEquals(ExportOutcome.Kind.RETRY, exporter.export(tencent(), List.of(item("m", Tasks.message("")))).get("m").kind(),
                "spans in, metrics not: the task is not delivered yet");
        assertTrue(metrics.isEmpty());

        metricsAnswer = r -> Status.OK;
        assertEquals(ExportOutcome.delivered(), exporter.export(tencent(), List.of(item("m", Tasks.message("")))).get("m"));
        assertEquals(1, metrics.size());
        assertEquals(1, points(metrics, TencentMetrics.TRACE_DURATION).size(), "three attempts, one observation");
        assertEquals(3, traces.size(), "the spans went again under the same ids");
        assertEquals(spans(traces.get(0)).stream().map(Span::getSpanId).toList(), spans(traces.get(2)).stream().map(Span::getSpanId).toList());
    }

    @Test
    void checkIsAnEmptyExportAndTheProjectUrlIsTheConsole() {
        assertEquals(ExportOutcome.delivered(), exporter.verify(tencent()));
        assertTrue(traces.isEmpty() || traces.stream().allMatch(r -> r.getResourceSpansCount() == 0), "the check sends no data");
        assertEquals("destination_forbidden", exporter.verify(tencent("http://10.0.0.8:4317")).code());
        assertEquals("destination_forbidden",
                exporter.export(tencent("http://10.0.0.8:4317"), List.of(item("d1", Tasks.message("")))).get("d1").code());
        assertEquals("https://console.cloud.tencent.com/apm", exporter.projectUrl(tencent()).orElseThrow());
    }

    /** A closed port, a service that closes at once and one that answers in another protocol look alike. */
    @Test
    void aFailedCheckSaysTheSameWhateverListens() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ExportOutcome ofClosed = exporter.verify(tencent("http://127.0.0.1:" + closed));
        assertEquals(ExportOutcome.Kind.RETRY, ofClosed.kind());
        assertEquals("network_error", ofClosed.code());
        try (OtherService hangsUp = new OtherService(null);
             OtherService postgresLike = new OtherService("E\0\0\0\u0008SFATAL\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
             OtherService httpOne = new OtherService("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes())) {
            for (OtherService service : List.of(hangsUp, postgresLike, httpOne)) {
                assertEquals(ofClosed, exporter.verify(tencent("http://127.0.0.1:" + service.port())),
                        "a listening non-collector answers like a closed port");
            }
        }
        traceAnswer = r -> Status.UNAUTHENTICATED;
        assertEquals(ofClosed, exporter.verify(tencent()), "a collector refusing the token gives no other text either");
    }

    /** Accepts connections on loopback, writes its greeting (or nothing) and hangs up. */
    static final class OtherService implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        OtherService(byte[] greeting) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        if (greeting != null) {
                            s.getInputStream().read(new byte[64]);
                            s.getOutputStream().write(greeting);
                            s.getOutputStream().flush();
                        }
                    } catch (IOException closedOrReset) {
                        // next connection, or the end
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void theEndpointIsTheApmAccessPointNeverTheCloudApiDomain() {
        List<String> missing = messagesOf(TencentConfig.MODEL.apply(Map.of("token", "tk")));
        assertEquals(1, missing.size());
        assertTrue(missing.get(0).startsWith("endpoint is required: the APM access point"), missing.get(0));
        assertTrue(missing.get(0).contains("http://ap-guangzhou.apm.tencentcs.com:4317"), missing.get(0));
        for (String cloudApi : List.of("https://apm.tencentcloudapi.com", "https://APM.ap-guangzhou.tencentcloudapi.com:443/x")) {
            List<String> refused = messagesOf(TencentConfig.MODEL.apply(Map.of("token", "tk", "endpoint", cloudApi)));
            assertEquals(1, refused.size(), cloudApi);
            assertTrue(refused.get(0).contains("is the Tencent Cloud API, not an APM collector: enter the APM access point"), refused.get(0));
        }
        // a destination stored with Dify's old default dies with the same words, without a connection
        ExportOutcome stored = exporter.export(tencent("https://apm.tencentcloudapi.com"), List.of(item("d1", Tasks.message("")))).get("d1");
        assertEquals("invalid_endpoint", stored.code());
        assertTrue(stored.detail().contains("not an APM collector"), stored.detail());
        assertEquals("invalid_endpoint", exporter.verify(tencent("https://apm.tencentcloudapi.com")).code());
        assertEquals("invalid_endpoint", exporter.verify(new Destination("k", "tencent", Tasks.APP, Map.of("token", "tk"))).code());
    }

    @Test
    void targetRules() {
        assertEquals("http://collector.internal:4317", TencentExporter.target(tencent("http://collector.internal")));
        assertEquals("https://ap-guangzhou.apm.tencentcs.com:4317", TencentExporter.target(tencent("https://ap-guangzhou.apm.tencentcs.com/")));
        assertEquals("https://apm.example:4319", TencentExporter.target(tencent("https://apm.example:4319")));
        assertEquals("http://localhost:4317", TencentExporter.target(tencent("localhost")), "a bare loopback host is plaintext");
        assertEquals("http://127.0.0.1:9000", TencentExporter.target(tencent("127.0.0.1:9000")));
        assertEquals("https://apm.example:4317", TencentExporter.target(tencent("apm.example")), "any other bare host gets TLS");
        assertEquals("invalid_endpoint", exporter.export(tencent("http://bad host"), List.of(item("d1", Tasks.message("")))).get("d1").code());
        assertEquals("invalid_endpoint", exporter.verify(tencent("http://bad host")).code());
        assertEquals(Map.of(), TencentExporter.headers(new Destination("k", "tencent", Tasks.APP, Map.of("token", " "))));
    }

    static List<String> messagesOf(ProviderModel.Result r) {
        return r.violations().stream().map(Violation::message).toList();
    }

    @Test
    void configValidation() {
        ProviderModel.Result ok = TencentConfig.MODEL.apply(Map.of("token", "tk", "endpoint", "https://ap-guangzhou.apm.tencentcs.com/x/y",
                "service_name", " svc "));
        assertEquals(Map.of("token", "tk", "endpoint", "https://ap-guangzhou.apm.tencentcs.com", "service_name", "svc"), ok.config());
        ProviderModel.Result defaults = TencentConfig.MODEL.apply(Map.of("token", "tk", "endpoint", "http://pl.ap-shanghai.apm.tencentcs.com:4317"));
        assertEquals("http://pl.ap-shanghai.apm.tencentcs.com:4317", defaults.config().get("endpoint"));
        assertEquals("dify_app", defaults.config().get("service_name"));
        assertEquals(List.of("Token cannot be empty"), messagesOf(TencentConfig.MODEL.apply(Map.of("token", " ", "endpoint", "http://ap-guangzhou.apm.tencentcs.com:4317"))));
        assertEquals(List.of("URL scheme must be one of: https, http"),
                messagesOf(TencentConfig.MODEL.apply(Map.of("token", "tk", "endpoint", "grpc://apm.example:4317"))));
        assertTrue(TencentConfig.MODEL.isSecret("token"));
        assertFalse(TencentConfig.MODEL.isSecret("endpoint"));
    }
}
