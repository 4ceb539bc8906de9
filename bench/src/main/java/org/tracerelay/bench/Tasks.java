package org.tracerelay.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The benchmark's tasks: Dify-shaped messages, and workflow runs with five nodes. */
final class Tasks {

    /** Looked up once: Json.createX looks the provider up on every call, and the client shares the server's cores. */
    private static final JsonProvider JSON = JsonProvider.provider();

    /** A task and the span id the relay gives its root span. */
    record Task(JsonObject json, String rootSpanId) {
    }

    private Tasks() {
    }

    static Task message(String app) {
        String taskId = UUID.randomUUID().toString();
        JsonObject info = JSON.createObjectBuilder().add("message_id", UUID.randomUUID().toString())
                .add("conversation_model", "chat").add("message_tokens", 120).add("answer_tokens", 85).add("total_tokens", 205)
                .add("conversation_mode", "chat").add("inputs", JSON.createObjectBuilder().add("query", "What is the weather in Paris?"))
                .add("outputs", "It is sunny and 21 degrees in Paris today.").add("start_time", "2026-11-21T09:00:00+00:00")
                .add("end_time", "2026-11-21T09:00:02+00:00")
                .add("metadata", JSON.createObjectBuilder().add("ls_provider", "openai").add("ls_model_name", "gpt-4o")
                        .add("from_source", "api").add("user_id", "u-1")).build();
        return new Task(envelope(taskId, app, "MessageTraceInfo", info), spanId(taskId));
    }

    private static final String[] NODE_TYPES = {"start", "llm", "tool", "knowledge-retrieval", "end"};

    static Task workflow(String app) {
        String run = UUID.randomUUID().toString();
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        for (int i = 0; i < NODE_TYPES.length; i++) {
            nodes.add(JSON.createObjectBuilder().add("workflow_id", "wf-1").add("workflow_run_id", run).add("tenant_id", "bench")
                    .add("node_execution_id", UUID.randomUUID().toString()).add("node_id", NODE_TYPES[i] + "-" + i)
                    .add("node_type", NODE_TYPES[i]).add("title", NODE_TYPES[i]).add("status", "succeeded").add("elapsed_time", 0.2)
                    .add("index", i + 1).add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:00.200000+00:00"));
        }
        JsonObject info = JSON.createObjectBuilder().add("workflow_id", "wf-1").add("tenant_id", "bench").add("workflow_run_id", run)
                .add("workflow_run_elapsed_time", 1.0).add("workflow_run_status", "succeeded")
                .add("workflow_run_inputs", JSON.createObjectBuilder().add("query", "hello"))
                .add("workflow_run_outputs", JSON.createObjectBuilder().add("answer", "hi")).add("workflow_run_version", "1")
                .add("error", "").add("total_tokens", 42).add("file_list", JSON.createArrayBuilder()).add("query", "hello")
                .add("start_time", "2026-11-21T09:00:00+00:00").add("end_time", "2026-11-21T09:00:01+00:00")
                .add("metadata", JSON.createObjectBuilder().add("app_id", app).add("triggered_from", "app-run"))
                .add("node_executions", nodes).build();
        return new Task(envelope(UUID.randomUUID().toString(), app, "WorkflowTraceInfo", info), spanId(run));
    }

    private static JsonObject envelope(String taskId, String app, String type, JsonObject info) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("task_id", taskId).add("app_id", app).add("trace_info_type", type);
        return b.add("trace_info", info).build();
    }

    static String array(java.util.List<Task> tasks) {
        JsonArrayBuilder a = JSON.createArrayBuilder();
        tasks.forEach(t -> a.add(t.json()));
        return a.build().toString();
    }

    /** The relay's span id: the first 8 bytes of SHA-256 of the source id. */
    static String spanId(String source) {
        return HexFormat.of().formatHex(spanIdBytes(source));
    }

    private static byte[] spanIdBytes(String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final long RUN_START = epochNanos("2026-11-21T09:00:00+00:00");
    private static final long RUN_END = epochNanos("2026-11-21T09:00:01+00:00");
    private static final long NODE_END = epochNanos("2026-11-21T09:00:00.200000+00:00");

    /**
     * {@code n} workflow runs like {@link #workflow} as the OTLP request Trace Relay's otlp exporter
     * makes of them (WorkflowSpans: the run span and its five node spans, same ids and attributes;
     * one resource per app, as the relay sends per destination). The run spans' ids go into
     * {@code rootSpanIds}. For the peer collector, which takes OTLP, not Dify's tasks.
     */
    static ExportTraceServiceRequest workflowSpans(List<String> apps, int n, List<String> rootSpanIds) {
        Map<String, ScopeSpans.Builder> byApp = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String app = apps.get(i % apps.size());
            ScopeSpans.Builder scope = byApp.computeIfAbsent(app, a -> ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("org.tracerelay")));
            String run = UUID.randomUUID().toString();
            UUID u = UUID.fromString(run);
            ByteString trace = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array());
            ByteString root = ByteString.copyFrom(spanIdBytes(run));
            rootSpanIds.add(spanId(run));
            scope.addSpans(span(trace, root, null, "dify.workflow.run", RUN_START, RUN_END, "dify.trace_id", run,
                    "dify.tenant_id", "bench", "dify.app_id", app, "dify.workflow.id", "wf-1", "dify.workflow.run_id", run,
                    "dify.workflow.status", "succeeded", "dify.workflow.elapsed_time", 1.0, "dify.invoke_from", "app-run"));
            for (int k = 0; k < NODE_TYPES.length; k++) {
                String exec = UUID.randomUUID().toString();
                String type = NODE_TYPES[k];
                scope.addSpans(span(trace, ByteString.copyFrom(spanIdBytes(exec)), root, "dify.node.execution", RUN_START, NODE_END,
                        "dify.trace_id", run, "dify.tenant_id", "bench", "dify.app_id", app, "dify.workflow.id", "wf-1",
                        "dify.workflow.run_id", run, "dify.node.execution_id", exec, "dify.node.id", type + "-" + k,
                        "dify.node.type", type, "dify.node.title", type, "dify.node.status", "succeeded",
                        "dify.node.elapsed_time", 0.2, "dify.node.index", (long) k + 1));
            }
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byApp.forEach((app, scope) -> request.addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder()
                .addAttributes(keyValue("service.name", "dify")).addAttributes(keyValue("dify.app_id", app))).addScopeSpans(scope)));
        return request.build();
    }

    private static Span span(ByteString trace, ByteString id, ByteString parent, String name, long start, long end, Object... attributes) {
        Span.Builder b = Span.newBuilder().setTraceId(trace).setSpanId(id).setName(name).setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end);
        if (parent != null) {
            b.setParentSpanId(parent);
        }
        for (int i = 0; i < attributes.length; i += 2) {
            b.addAttributes(keyValue((String) attributes[i], attributes[i + 1]));
        }
        return b.build();
    }

    private static KeyValue keyValue(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else if (value instanceof Long l) {
            v.setIntValue(l);
        } else {
            v.setStringValue((String) value);
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    private static long epochNanos(String time) {
        Instant t = OffsetDateTime.parse(time).toInstant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
