package org.tracerelay.export.arize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.phoenix.PhoenixExporter;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.task.TaskEnvelope;

/** Phoenix (OTLP/HTTP) and Arize (OTLP/gRPC) with OpenInference attributes, and their answers. */
class OpenInferenceExportersTest {

    FakeBackend phoenixBackend;
    PhoenixExporter phoenix;
    Server arizeServer;
    final List<ExportTraceServiceRequest> arizeRequests = new CopyOnWriteArrayList<>();
    final List<Metadata> arizeHeaders = new CopyOnWriteArrayList<>();
    final List<String> arizeAuthorities = new CopyOnWriteArrayList<>();
    volatile Supplier<Status> arizeAnswer = () -> Status.OK;
    ArizeExporter arize;

    @BeforeEach
    void start() throws Exception {
        phoenixBackend = new FakeBackend();
        phoenix = new PhoenixExporter(new OtlpHttp(FakeBackend.http()), Duration.ofSeconds(2));
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                arizeHeaders.add(headers);
                arizeAuthorities.add(call.getAuthority());
                return next.startCall(call, headers);
            }
        };
        arizeServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new TraceServiceGrpc.TraceServiceImplBase() {
                    @Override
                    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
                        arizeRequests.add(request);
                        Status status = arizeAnswer.get();
                        if (status.isOk()) {
                            out.onNext(ExportTraceServiceResponse.getDefaultInstance());
                            out.onCompleted();
                        } else {
                            out.onError(status.asRuntimeException());
                        }
                    }
                }, capture)).build().start();
        arize = new ArizeExporter();
        arize.guard = new OutboundGuard(List.of("127.0.0.0/8"));
        arize.timeout = Duration.ofSeconds(2);
        arize.checkTimeout = Duration.ofSeconds(2);
    }

    @AfterEach
    void stop() {
        phoenixBackend.close();
        arizeServer.shutdownNow();
    }

    Destination phoenixAt(String endpoint) {
        return new Destination("phoenix/app", "phoenix", Tasks.APP, Map.of("api_key", "px-key", "project", "dify-proj", "endpoint", endpoint));
    }

    Destination arizeAt(String endpoint) {
        return new Destination("arize/app", "arize", Tasks.APP,
                Map.of("api_key", "ax-key", "space_id", "space-9", "project", "dify-proj", "endpoint", endpoint));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    static List<Span> spans(ExportTraceServiceRequest r) {
        return r.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).toList();
    }

    static String attr(Span s, String key) {
        return s.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().hasStringValue() ? kv.getValue().getStringValue()
                        : kv.getValue().hasIntValue() ? Long.toString(kv.getValue().getIntValue())
                        : Double.toString(kv.getValue().getDoubleValue())).orElse(null);
    }

    ExportTraceServiceRequest phoenixRequest(int i) throws Exception {
        return ExportTraceServiceRequest.parseFrom(phoenixBackend.requests().get(i).body());
    }

    @Test
    void phoenixGetsOpenInferenceSpansOfAWorkflow() throws Exception {
        Map<String, ExportOutcome> out = phoenix.export(phoenixAt(phoenixBackend.url() + "/s/space"), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), out);
        FakeBackend.Request r = phoenixBackend.requests().get(0);
        assertEquals("/s/space/v1/traces", r.target(), "a space path is kept");
        assertEquals("Bearer px-key", r.headers().get("authorization"));
        assertEquals("px-key", r.headers().get("api_key"));
        ExportTraceServiceRequest req = phoenixRequest(0);
        Map<String, String> resource = req.getResourceSpans(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals("dify-proj", resource.get("openinference.project.name"));
        Map<String, Span> byName = spans(req).stream().collect(Collectors.toMap(Span::getName, s -> s));
        assertEquals(Map.of("message", "CHAIN", "workflow", "CHAIN", "llm_LLM", "LLM", "tool_TOOL", "TOOL",
                        "knowledge-retrieval_KNOWLEDGE-RETRIEVAL", "RETRIEVER"),
                byName.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> attr(e.getValue(), "openinference.span.kind"))));
        Span message = byName.get("message");
        Span workflow = byName.get("workflow");
        Span llm = byName.get("llm_LLM");
        assertArrayEquals(TraceIds.traceId(Tasks.MESSAGE), message.getTraceId().toByteArray());
        assertTrue(message.getParentSpanId().isEmpty());
        assertEquals(message.getSpanId(), workflow.getParentSpanId());
        assertEquals(workflow.getSpanId(), llm.getParentSpanId());
        assertEquals("120", attr(llm, "llm.token_count.prompt"));
        assertEquals("205", attr(llm, "llm.token_count.total"));
        assertEquals("gpt-4", attr(llm, "llm.model_name"));
        assertEquals("openai", attr(llm, "llm.provider"));
        assertEquals("text/plain", attr(llm, "input.mime_type"), "an LLM node's input is its prompt");
        assertEquals("application/json", attr(workflow, "input.mime_type"));
        assertEquals(Tasks.CONVERSATION, attr(message, "session.id"));
        assertTrue(attr(workflow, "metadata").contains("\"created_from\":\"Dify\""));
    }

    @Test
    void nestedWorkflowLandsUnderTheCallingToolNode() throws Exception {
        String inner = "11111111-2222-4333-8444-555555555555";
        var ctx = jakarta.json.Json.createObjectBuilder().add("parent_workflow_run_id", Tasks.RUN)
                .add("parent_node_execution_id", Tasks.TOOL_NODE).add("trace_id", Tasks.MESSAGE);
        var info = jakarta.json.Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("workflow_run_id", inner)
                .remove("message_id").remove("node_executions")
                .add("metadata", jakarta.json.Json.createObjectBuilder().add("app_id", Tasks.APP).add("parent_trace_context", ctx)).build();
        TaskEnvelope nested = new TaskEnvelope(Tasks.taskId("nested"), Tasks.APP, Tasks.TENANT, Tasks.workflow("", "").type(), info);
        phoenix.export(phoenixAt(phoenixBackend.url()), List.of(item("outer", Tasks.workflow("succeeded", "")), item("inner", nested)));
        List<Span> all = spans(phoenixRequest(0));
        Span toolNode = all.stream().filter(s -> s.getName().equals("tool_TOOL")).findFirst().orElseThrow();
        Span innerWorkflow = all.stream().filter(s -> s.getName().equals("workflow")
                && s.getSpanId().equals(com.google.protobuf.ByteString.copyFrom(TraceIds.spanId(inner)))).findFirst().orElseThrow();
        assertEquals(toolNode.getTraceId(), innerWorkflow.getTraceId(), "one trace");
        assertEquals(toolNode.getSpanId(), innerWorkflow.getParentSpanId());
    }

    @Test
    void everyMappedTypeAndErrorsWithExceptionEvents() throws Exception {
        phoenix.export(phoenixAt(phoenixBackend.url()), List.of(item("m", Tasks.message("")), item("t", Tasks.tool("timeout")),
                item("q", Tasks.moderation()), item("s", Tasks.suggestedQuestion()), item("r", Tasks.datasetRetrieval()),
                item("g", Tasks.generateName()), item("p", Tasks.promptGeneration("")), item("n", Tasks.draftNode())));
        Map<String, Span> byName = spans(phoenixRequest(0)).stream().collect(Collectors.toMap(Span::getName, s -> s, (a, b) -> a));
        assertEquals("TOOL", attr(byName.get("weather_api"), "openinference.span.kind"));
        assertEquals("weather_api", attr(byName.get("weather_api"), "tool.name"));
        Span tool = byName.get("weather_api");
        assertEquals(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR, tool.getStatus().getCode());
        assertEquals("exception", tool.getEvents(0).getName());
        assertEquals("RETRIEVER", attr(byName.get("dataset_retrieval"), "openinference.span.kind"));
        assertEquals("install it", attr(byName.get("dataset_retrieval"), "retrieval.documents.0.document.content"));
        assertEquals("0.95", attr(byName.get("dataset_retrieval"), "retrieval.documents.0.document.score"));
        assertEquals("TOOL", attr(byName.get("suggested_question"), "openinference.span.kind"));
        assertEquals("CHAIN", attr(byName.get("moderation"), "openinference.span.kind"));
        assertEquals("CHAIN", attr(byName.get("generate_conversation_name"), "openinference.span.kind"));
        assertEquals("LLM", attr(byName.get("rule_generate"), "openinference.span.kind"));
        assertEquals("LLM", attr(byName.get("llm_LLM"), "openinference.span.kind"));
        assertEquals(byName.get("message").getSpanId(), byName.get("weather_api").getParentSpanId());
    }

    ExportOutcome phoenixOutcome(FakeBackend.Answer a) {
        phoenixBackend.answer(r -> a);
        return phoenix.export(phoenixAt(phoenixBackend.url()), List.of(item("d1", Tasks.message("")))).get("d1");
    }

    @Test
    void phoenixFaultMatrix() throws Exception {
        assertEquals(ExportOutcome.Kind.DELIVERED, phoenixOutcome(FakeBackend.Answer.of(200, "")).kind());
        for (int permanent : List.of(400, 401, 403, 413, 500)) {
            assertEquals("http_" + permanent, phoenixOutcome(FakeBackend.Answer.of(permanent, "nope")).code());
        }
        ExportOutcome limited = phoenixOutcome(new FakeBackend.Answer(429, "", Map.of("Retry-After", "30"), Duration.ZERO));
        assertEquals(ExportOutcome.Kind.RETRY, limited.kind());
        assertEquals(Duration.ofSeconds(30), limited.retryAfter());
        assertEquals(ExportOutcome.Kind.RETRY, phoenixOutcome(FakeBackend.Answer.of(503, "")).kind());
        assertEquals("timeout", phoenixOutcome(new FakeBackend.Answer(200, "", Map.of(), Duration.ofSeconds(3))).code());
        assertEquals("network_error", phoenix.export(phoenixAt(FakeBackend.resettingUrl()), List.of(item("d1", Tasks.message("")))).get("d1").code());
        ExportTraceServiceResponse partial = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess.newBuilder().setRejectedSpans(1)).build();
        phoenixBackend.answer(r -> FakeBackend.Answer.of(200, new String(partial.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(ExportOutcome.Kind.DELIVERED, phoenix.export(phoenixAt(phoenixBackend.url()), List.of(item("d1", Tasks.message("")))).get("d1").kind(),
                "OTLP partial success names no item: accepted, and logged");
    }

    @Test
    void phoenixPoisonItemDiesAloneByBisection() {
        phoenixBackend.answer(r -> {
            try {
                boolean poison = spans(ExportTraceServiceRequest.parseFrom(r.body())).stream().anyMatch(s -> s.getName().equals("weather_api"));
                return FakeBackend.Answer.of(poison ? 400 : 200, "");
            } catch (Exception e) {
                return FakeBackend.Answer.of(500, "");
            }
        });
        Map<String, ExportOutcome> out = phoenix.export(phoenixAt(phoenixBackend.url()),
                List.of(item("a", Tasks.message("")), item("b", Tasks.tool("")), item("c", Tasks.moderation())));
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("a").kind());
        assertEquals("http_400", out.get("b").code());
        assertEquals(ExportOutcome.Kind.DELIVERED, out.get("c").kind());
    }

    @Test
    void phoenixCheckAndProjectUrl() {
        assertEquals(ExportOutcome.delivered(), phoenix.verify(phoenixAt(phoenixBackend.url())));
        assertEquals(0, phoenixBackend.requests().get(0).body().length, "an empty export proves the key");
        assertEquals(phoenixBackend.url() + "/projects/?redirect_project_name=dify-proj", phoenix.projectUrl(phoenixAt(phoenixBackend.url())).orElseThrow());
    }

    String arizeEndpoint() {
        return "http://127.0.0.1:" + arizeServer.getPort();
    }

    @Test
    void arizeGetsTheSameSpansOverGrpcWithSpaceAndKey() {
        Map<String, ExportOutcome> out = arize.export(arizeAt(arizeEndpoint()), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        assertEquals(Map.of("d1", ExportOutcome.delivered()), out);
        assertEquals(5, spans(arizeRequests.get(0)).size());
        Metadata h = arizeHeaders.get(0);
        assertEquals("space-9", h.get(Metadata.Key.of("space_id", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("ax-key", h.get(Metadata.Key.of("api_key", Metadata.ASCII_STRING_MARSHALLER)));
        assertEquals("Bearer ax-key", h.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
        Map<String, String> resource = arizeRequests.get(0).getResourceSpans(0).getResource().getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue()));
        assertEquals("dify-proj", resource.get("model_id"));
    }

    @Test
    void arizeFaultMatrixAndChecks() {
        Map<Status, String> expected = Map.of(Status.UNAVAILABLE, "RETRY", Status.RESOURCE_EXHAUSTED, "RETRY",
                Status.DEADLINE_EXCEEDED, "RETRY", Status.UNAUTHENTICATED, "DEAD", Status.PERMISSION_DENIED, "DEAD",
                Status.INVALID_ARGUMENT, "DEAD", Status.INTERNAL, "DEAD");
        expected.forEach((status, kind) -> {
            arizeAnswer = () -> status;
            ExportOutcome o = arize.export(arizeAt(arizeEndpoint()), List.of(item("d1", Tasks.message("")))).get("d1");
            assertEquals(kind, o.kind().name(), status.getCode().name());
            assertEquals("grpc_" + status.getCode().name().toLowerCase(), o.code());
        });
        arizeAnswer = () -> Status.OK;
        assertEquals(ExportOutcome.delivered(), arize.verify(arizeAt(arizeEndpoint())));
        assertEquals("https://app.arize.com/?redirect_project_name=dify-proj", arize.projectUrl(arizeAt(arizeEndpoint())).orElseThrow());
        assertEquals("destination_forbidden", arize.export(arizeAt("http://10.0.0.8:4317"), List.of(item("d1", Tasks.message("")))).get("d1").code());
        assertFalse(arize.verify(arizeAt("http://127.0.0.1:1")).kind() == ExportOutcome.Kind.DELIVERED, "nothing listening");
    }

    @Test
    void arizeConnectsToTheAddressTheGuardCheckedNotToAFreshDnsAnswer() {
        // Only the guard knows this name (the system DNS does not): the channel must use its answer.
        arize.guard = new OutboundGuard(List.of("127.0.0.0/8"), host -> {
            if (!host.equals("collector.rebind.test")) {
                throw new java.net.UnknownHostException(host);
            }
            return new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
        });
        String endpoint = "http://collector.rebind.test:" + arizeServer.getPort();
        assertEquals(Map.of("d1", ExportOutcome.delivered()), arize.export(arizeAt(endpoint), List.of(item("d1", Tasks.message("")))));
        assertEquals(ExportOutcome.delivered(), arize.verify(arizeAt(endpoint)));
        assertEquals("collector.rebind.test:" + arizeServer.getPort(), arizeAuthorities.get(0), "the host stays the authority");
    }
}
