package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a real Dify worker writes is accepted: each of the ten payload types exactly as Dify's
 * worker serializes its TaskData (fixtures in dify-worker/: aware UTC timestamps with
 * microseconds, message_data a dict, inputs a list of messages, prompt generation stored under
 * "tenant-<tenant_id>"), posted with a producer token of its tenant.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DifyWorkerPayloadsIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    /** A span the collector must receive: its name and the times the payload gave. */
    record ExpectedSpan(String name, long startNanos, long endNanos) {
        static ExpectedSpan of(DifyWorkerPayload payload, JsonObject task) {
            JsonObject info = task.getJsonObject("trace_info");
            return new ExpectedSpan(payload.spanName(), nanos(info.getString("start_time")), nanos(info.getString("end_time")));
        }
    }

    @Test
    void everyTypeAsTheWorkerWritesItIsAcceptedAndExportedWithItsOwnTimes() throws Exception {
        String tenant = UUID.randomUUID().toString();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo(tenant, collector.endpoint(), "");
            Map<String, ExpectedSpan> expected = new LinkedHashMap<>();
            for (DifyWorkerPayload payload : DifyWorkerPayload.values()) {
                JsonObject task = payload.forApp(tenant, app);
                String taskId = accepted(tenant, task);
                expected.put(Ids.spanId(payload.spanSource(task, taskId)), ExpectedSpan.of(payload, task));
            }

            Relay.await(expected.size() + " spans, one per task", DELIVERY,
                    () -> spansById(collector).keySet().containsAll(expected.keySet()));
            Map<String, Span> received = spansById(collector);
            expected.forEach((spanId, want) -> {
                Span got = received.get(spanId);
                assertEquals(want, new ExpectedSpan(got.getName(), got.getStartTimeUnixNano(), got.getEndTimeUnixNano()),
                        "span " + spanId);
            });
            JsonObject run = DifyWorkerPayload.WORKFLOW.written(tenant, app).getJsonObject("trace_info");
            Span node = received.get(Ids.spanId(DifyWorkerPayload.WORKFLOW_NODE.written(tenant, app)
                    .getJsonObject("trace_info").getString("node_execution_id")));
            assertEquals(Ids.spanId(run.getString("workflow_run_id")), FakeOtlpCollector.hex(node.getParentSpanId()),
                    "the node execution is a child of its run");
            assertEquals(expected.size(), received.size(), "no other spans");

            Relay.await("a delivered delivery per task", DELIVERY,
                    () -> Relay.deliveries(tenant, app, "delivered").size() == DifyWorkerPayload.values().length);
        }
    }

    @Test
    void tenantScopedPromptGenerationIsATaskOfItsTenantAndRefusedForAnother() {
        String tenant = UUID.randomUUID().toString();
        JsonObject own = DifyWorkerPayload.PROMPT_GENERATION.written(tenant, null);
        assertEquals(DifyWorkerPayload.TENANT_SCOPED_PREFIX + tenant, own.getString("app_id"));
        String taskId = accepted(tenant, own);
        Relay.await("the prompt generation stored", DELIVERY, () -> !StoredTasks.withTaskId(taskId).isEmpty());
        assertEquals(List.of(new StoredTasks.StoredTask(tenant, null, "PromptGenerationTraceInfo")),
                StoredTasks.withTaskId(taskId));

        JsonObject another = DifyWorkerPayload.PROMPT_GENERATION.written(UUID.randomUUID().toString(), null);
        JsonObject refused = Relay.expect(400, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                another.toString())).json();
        assertEquals("invalid_trace_task", refused.getString("code"));
        assertEquals(List.of("items[0].tenant_id"), refused.getJsonArray("errors").getValuesAs(JsonValue::asJsonObject)
                .stream().map(e -> e.getString("path")).toList());
    }

    /** Posts one TaskData as the worker wrote it; the id the relay gave the task. */
    private static String accepted(String tenant, JsonObject task) {
        JsonObject reply = Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                task.toString())).json();
        assertEquals(1, reply.getInt("accepted"), task.getString("trace_info_type"));
        return reply.getJsonArray("task_ids").getString(0);
    }

    private static Map<String, Span> spansById(FakeOtlpCollector collector) {
        return collector.acceptedSpans().stream()
                .collect(Collectors.toMap(s -> FakeOtlpCollector.hex(s.getSpanId()), Function.identity(), (a, b) -> a));
    }

    private static long nanos(String isoDateTime) {
        Instant i = OffsetDateTime.parse(isoDateTime).toInstant();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
