package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** REST and JMS intake through routing, batching and retries to a fake OTLP collector. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PipelineIT {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @Test
    void restWorkflowWithNodesNestedWorkflowAndDraftNodeArriveWithDeterministicIds() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "authorization=Bearer it-secret,x-scope-orgid=acme");
            String outer = UUID.randomUUID().toString();
            String[] outerNodes = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
            String inner = UUID.randomUUID().toString();
            String[] innerNodes = {UUID.randomUUID().toString(), UUID.randomUUID().toString()};
            String draft = UUID.randomUUID().toString();
            JsonObject parent = Json.createObjectBuilder().add("trace_id", outer).add("parent_workflow_run_id", outer)
                    .add("parent_node_execution_id", outerNodes[1]).add("parent_app_id", app).build();

            Relay.Reply accepted = Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"),
                    Samples.array(Samples.workflow(app, outer, null, outerNodes),
                            Samples.workflow(app, inner, parent, innerNodes), Samples.draftNode(app, draft))));
            assertEquals(3, accepted.json().getInt("accepted"));

            Relay.await("8 spans", DELIVERY, () -> collector.acceptedSpans().size() >= 8);
            Marker marker = Marker.after("acme", app, collector);
            assertEquals(8, marker.spansBesides(collector).size(), "each span once");
            Map<String, Span> bySpanId = marker.spansBesides(collector).stream()
                    .collect(Collectors.toMap(s -> FakeOtlpCollector.hex(s.getSpanId()), Function.identity()));

            Span outerRun = bySpanId.get(Ids.spanId(outer));
            assertEquals("dify.workflow.run", outerRun.getName());
            assertEquals(Ids.traceId(outer), FakeOtlpCollector.hex(outerRun.getTraceId()));
            assertTrue(outerRun.getParentSpanId().isEmpty(), "the outer run is the root");
            assertEquals(outer, FakeOtlpCollector.attribute(outerRun, "dify.workflow.run_id").orElseThrow());
            assertEquals("succeeded", FakeOtlpCollector.attribute(outerRun, "dify.workflow.status").orElseThrow());
            assertEquals("app-run", FakeOtlpCollector.attribute(outerRun, "dify.invoke_from").orElseThrow());
            assertEquals(app, FakeOtlpCollector.attribute(outerRun, "dify.app_id").orElseThrow());
            for (String node : outerNodes) {
                Span s = bySpanId.get(Ids.spanId(node));
                assertEquals("dify.node.execution", s.getName());
                assertEquals(Ids.traceId(outer), FakeOtlpCollector.hex(s.getTraceId()));
                assertEquals(Ids.spanId(outer), FakeOtlpCollector.hex(s.getParentSpanId()));
                assertEquals(node, FakeOtlpCollector.attribute(s, "dify.node.execution_id").orElseThrow());
            }
            assertEquals("llm", FakeOtlpCollector.attribute(bySpanId.get(Ids.spanId(outerNodes[1])), "dify.node.type").orElseThrow());

            Span innerRun = bySpanId.get(Ids.spanId(inner));
            assertEquals("dify.workflow.run", innerRun.getName());
            assertEquals(Ids.traceId(outer), FakeOtlpCollector.hex(innerRun.getTraceId()), "nested run shares the outer trace");
            assertEquals(Ids.spanId(outerNodes[1]), FakeOtlpCollector.hex(innerRun.getParentSpanId()), "parent is the tool node");
            assertEquals(outer, FakeOtlpCollector.attribute(innerRun, "dify.parent.workflow.run_id").orElseThrow());
            assertEquals(outerNodes[1], FakeOtlpCollector.attribute(innerRun, "dify.parent.node.execution_id").orElseThrow());
            assertEquals(app, FakeOtlpCollector.attribute(innerRun, "dify.parent.app.id").orElseThrow());
            for (String node : innerNodes) {
                Span s = bySpanId.get(Ids.spanId(node));
                assertEquals(Ids.traceId(outer), FakeOtlpCollector.hex(s.getTraceId()));
                assertEquals(Ids.spanId(inner), FakeOtlpCollector.hex(s.getParentSpanId()));
            }

            Span draftSpan = bySpanId.get(Ids.spanId(draft));
            assertEquals("dify.node.execution.draft", draftSpan.getName());
            assertEquals(Ids.traceId(draft), FakeOtlpCollector.hex(draftSpan.getTraceId()), "a draft node is its own trace");
            assertTrue(draftSpan.getParentSpanId().isEmpty());

            var headers = collector.requests().get(0).headers();
            assertEquals(List.of("Bearer it-secret"), headers.get("Authorization"));
            assertEquals(List.of("acme"), headers.get("X-scope-orgid"));
        }
    }

    @Test
    void jmsTextMessageFromAnExternalArtemisClientIsDelivered() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext jms = factory.createContext("producer", "producer", JMSContext.SESSION_TRANSACTED)) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            String run = UUID.randomUUID().toString();
            String[] nodes = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
            Queue queue = jms.createQueue("TraceTasks");
            jms.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                    .send(queue, Samples.workflow(app, run, null, nodes).toString());
            jms.commit();

            Relay.await("4 spans from JMS", DELIVERY, () -> collector.acceptedSpans().size() >= 4);
            Marker marker = Marker.after("acme", app, collector);
            assertEquals(4, marker.spansBesides(collector).size(), "each span once");
            Map<String, Span> bySpanId = marker.spansBesides(collector).stream()
                    .collect(Collectors.toMap(s -> FakeOtlpCollector.hex(s.getSpanId()), Function.identity()));
            assertEquals(Ids.traceId(run), FakeOtlpCollector.hex(bySpanId.get(Ids.spanId(run)).getTraceId()));
            for (String node : nodes) {
                assertEquals(Ids.spanId(run), FakeOtlpCollector.hex(bySpanId.get(Ids.spanId(node)).getParentSpanId()));
            }
        }
    }

    @Test
    void jmsBytesMessageOfUtf8JsonIsDeliveredLikeText() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext jms = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            String body = Samples.array(Samples.moderation(app, "caf\u00e9 \u6f22\u5b57"), Samples.moderation(app, "two"));
            jms.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                    .send(jms.createQueue("TraceTasks"), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));

            Relay.await("2 spans from one BytesMessage", DELIVERY, () -> collector.acceptedSpans().size() >= 2);
            assertEquals(2, Marker.after("acme", app, collector).spansBesides(collector).size());
        }
    }

    @Test
    void anInvalidJmsMessageGoesToTheDeadLetterQueueWithItsReason() throws Exception {
        String marker = UUID.randomUUID().toString();
        String body = "{\"app_id\": \"" + marker + "\", \"trace_info_type\": \"WorkflowTraceInfo\"";
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.SESSION_TRANSACTED);
             JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
            producer.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                    .send(producer.createQueue("TraceTasks"), body);
            producer.commit();
            try (JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline) {
                    Message m = dlq.receive(1000);
                    if (m instanceof TextMessage text && text.getText().contains(marker)) {
                        assertEquals(body, text.getText(), "the message is kept as it was sent");
                        assertTrue(m.getStringProperty("trace_relay_reject_reason").contains("malformed JSON"));
                        return;
                    }
                }
            }
            throw new AssertionError("the rejected message never reached TraceTasksDLQ");
        }
    }

    @Test
    void twoHundredFiftyTasksArriveInAtMostThreeRequests() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            JsonObject[] tasks = new JsonObject[250];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = Samples.moderation(app, "q" + i);
            }
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.array(tasks)));
            Relay.await("250 spans", DELIVERY, () -> collector.acceptedSpans().size() >= 250);
            Marker marker = Marker.after("acme", app, collector);
            assertEquals(250, marker.spansBesides(collector).size());
            assertTrue(marker.requestsBesides(collector).size() <= 3, "requests: " + marker.requestsBesides(collector).size());
        }
    }

    @Test
    void unavailableCollectorIsRetriedUntilItAccepts() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> collector.requests().isEmpty()
                    ? new FakeOtlpCollector.Answer(503, "1") : FakeOtlpCollector.Answer.OK);
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"),
                    Samples.array(Samples.moderation(app, "a"), Samples.moderation(app, "b"), Samples.moderation(app, "c"))));

            Relay.await("3 delivered", DELIVERY, () -> Relay.deliveries("acme", app, "delivered").size() == 3);
            assertEquals(503, collector.requests().get(0).answeredWith());
            Relay.deliveries("acme", app, "delivered").forEach(d -> assertEquals(2, d.getInt("attempts")));
            // The console's last hour counts the three retries (the 503) and the three delivered.
            var minutes = Relay.expect(200, Relay.send("GET", "apps/" + app + "/deliveries/activity", Tokens.of("acme", "viewer"),
                    null)).json().getJsonArray("per_minute");
            assertEquals(3, minutes.stream().mapToInt(m -> m.asJsonObject().getInt("retried")).sum());
            assertEquals(3, minutes.stream().mapToInt(m -> m.asJsonObject().getInt("delivered")).sum());
            assertEquals(3, Marker.after("acme", app, collector).spansBesides(collector).size());
        }
    }

    @Test
    void refusedItemDiesWithItsCodeWhileBatchMatesAreDelivered() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> FakeOtlpCollector.containsAttribute(r, "dify.query", "poison")
                    ? new FakeOtlpCollector.Answer(400, null) : FakeOtlpCollector.Answer.OK);
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.array(
                    Samples.moderation(app, "good-1"), Samples.moderation(app, "good-2"), Samples.moderation(app, "poison"),
                    Samples.moderation(app, "good-3"), Samples.moderation(app, "good-4"))));

            Relay.await("4 delivered and 1 dead", DELIVERY, () -> Relay.deliveries("acme", app, "delivered").size() == 4
                    && Relay.deliveries("acme", app, "dead").size() == 1);
            JsonObject dead = Relay.deliveries("acme", app, "dead").get(0);
            assertEquals("http_400", dead.getString("last_code"));
            // One parcel, listed per task: five ids and five task ids, kept through the split and the redrive.
            List<JsonObject> listed = Relay.deliveries("acme", app, null);
            Set<String> ids = listed.stream().map(d -> d.getString("id")).collect(Collectors.toSet());
            assertEquals(5, ids.size());
            assertEquals(5, listed.stream().map(d -> d.getString("task_id")).distinct().count());
            assertEquals(4, collector.acceptedSpans().size());
            assertTrue(collector.acceptedSpans().stream()
                    .noneMatch(s -> FakeOtlpCollector.attribute(s, "dify.query").orElse("").equals("poison")));

            // The backend was fixed: an operator redrives the dead delivery and it arrives.
            collector.answer(r -> FakeOtlpCollector.Answer.OK);
            assertEquals(403, Relay.send("POST", "apps/" + app + "/deliveries/redrive", Tokens.of("acme", "viewer"), "{}").status());
            assertEquals(404, Relay.send("POST", "apps/" + app + "/deliveries/redrive", Tokens.of("globex", "editor"), "{}").status());
            JsonObject redriven = Relay.expect(200, Relay.send("POST", "apps/" + app + "/deliveries/redrive",
                    Tokens.of("acme", "editor"), "{\"delivery_ids\":[\"" + dead.getString("id") + "\"]}")).json();
            assertEquals(1, redriven.getInt("redriven"));
            Relay.await("the redriven delivery", DELIVERY, () -> Relay.deliveries("acme", app, "delivered").size() == 5);
            assertEquals(ids, Relay.deliveries("acme", app, "delivered").stream().map(d -> d.getString("id")).collect(Collectors.toSet()));
            assertTrue(collector.acceptedSpans().stream()
                    .anyMatch(s -> FakeOtlpCollector.attribute(s, "dify.query").orElse("").equals("poison")));
            assertEquals(5, Marker.after("acme", app, collector).spansBesides(collector).size(), "the redriven one sent once");
        }
    }

    @Test
    void afterATenantKeyRotationSecretsAndPayloadsStillOpen() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String tenant = "rotating-" + UUID.randomUUID();
            String app = Relay.appTracingTo(tenant, collector.endpoint(), "x-api-key=rotate-me-please");
            String producer = Tokens.of(tenant, "producer");
            Relay.expect(202, Relay.send("POST", "trace-tasks", producer, Samples.moderation(app, "before").toString()));
            Relay.await("first delivery", DELIVERY, () -> collector.acceptedSpans().size() == 1);

            JsonObject rotated = Relay.expect(200, Relay.send("POST", "tenant-key/rotate", Tokens.of(tenant, "editor"), null)).json();
            assertEquals(2, rotated.getInt("key_version"));
            assertEquals(1, rotated.getInt("resealed_configs"));
            assertEquals(403, Relay.send("POST", "tenant-key/rotate", Tokens.of(tenant, "viewer"), null).status());

            Relay.expect(202, Relay.send("POST", "trace-tasks", producer, Samples.moderation(app, "after").toString()));
            Relay.await("second delivery", DELIVERY, () -> collector.acceptedSpans().size() == 2);
            collector.requests().forEach(r -> assertEquals(List.of("rotate-me-please"), r.headers().get("X-api-key")));
            JsonObject config = Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-config?tracing_provider=otlp",
                    Tokens.of(tenant, "viewer"), null)).json();
            assertEquals("****************ease", config.getJsonObject("tracing_config").getString("headers"));
        }
    }

    @Test
    void aRepeatedTaskIdIsAcceptedButDeliveredOnce() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            String taskId = UUID.randomUUID().toString();
            String body = Samples.withTaskId(Samples.moderation(app, "once"), taskId).toString();
            String producer = Tokens.of("acme", "producer");
            Relay.expect(202, Relay.send("POST", "trace-tasks", producer, body));
            Relay.await("first delivery", DELIVERY, () -> Relay.deliveries("acme", app, "delivered").size() == 1);
            Relay.Reply again = Relay.expect(202, Relay.send("POST", "trace-tasks", producer, body));
            assertEquals(taskId, again.json().getJsonArray("task_ids").getString(0));
            Marker marker = Marker.after("acme", app, collector);
            assertEquals(1, marker.deliveriesBesides("acme", app, null).size());
            assertEquals(1, marker.spansBesides(collector).size());
        }
    }

    @Test
    void anAppWhoseDeliveriesFallBehindIsAnsweredMoreSlowlyAndNoOtherAppIs() throws Exception {
        try (FakeOtlpCollector slow = new FakeOtlpCollector(); FakeOtlpCollector fast = new FakeOtlpCollector()) {
            // A backend taking a second a batch: ten batches of 100 fall further behind with each one.
            slow.answer(r -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeOtlpCollector.Answer.OK;
            });
            String lagging = Relay.appTracingTo("pace-a", slow.endpoint(), "");
            String other = Relay.appTracingTo("pace-b", fast.endpoint(), "");
            Relay.Reply first = Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("pace-a", "producer"),
                    Samples.array(moderations(lagging, "first", 1000))));
            assertEquals(null, first.paced(), "no lag yet: not slowed");
            // Four batches exported: the claims since took tasks waiting three seconds and more (grace: 1 s).
            Relay.await("four slow batches", DELIVERY, () -> slow.requests().size() >= 4);

            Relay.Reply paced = Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("pace-a", "producer"),
                    Samples.array(moderations(lagging, "paced", 100))));
            assertTrue(paced.paced() != null && Long.parseLong(paced.paced()) > 0, "slowed while its deliveries lag: " + paced.paced());
            // Another tenant's app, sent meanwhile, waits for nothing.
            Relay.Reply unpaced = Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("pace-b", "producer"),
                    Samples.array(moderations(other, "other", 1000))));
            assertEquals(null, unpaced.paced());

            // Slowed, not refused: everything arrives.
            slow.answer(r -> FakeOtlpCollector.Answer.OK);
            Relay.await("all delivered", DELIVERY, () -> slow.acceptedSpans().size() == 1100 && fast.acceptedSpans().size() == 1000);
        }
    }

    private static JsonObject[] moderations(String app, String prefix, int count) {
        JsonObject[] tasks = new JsonObject[count];
        for (int i = 0; i < count; i++) {
            tasks[i] = Samples.moderation(app, prefix + "-" + i);
        }
        return tasks;
    }

    private static String strings(List<Span> spans) {
        StringBuilder all = new StringBuilder();
        spans.forEach(s -> s.getAttributesList().forEach(kv -> all.append(kv.getValue().getStringValue()).append('\n')));
        return all.toString();
    }

    @Test
    void aDestinationsRedactionRulesApplyBeforeTheTaskLeavesAndThePreviewShowsTheSame() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("redact", collector.endpoint(), "");
            String editor = Tokens.of("redact", "editor");
            String rulesPath = "redaction/rules?destination=otlp/" + app;
            Relay.Reply bad = Relay.send("PUT", rulesPath, editor, "{\"patterns\":[{\"name\":\"order_no\",\"regex\":\"ORD-(\\\\d\"}]}");
            assertEquals(400, bad.status());
            assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
            assertEquals("patterns[0].regex", bad.json().getJsonArray("errors").getJsonObject(0).getString("path"));
            assertTrue(bad.json().getJsonArray("errors").getJsonObject(0).getString("message").contains("position 4"), bad.body());
            String rules = PersonalData.RULES;
            assertEquals(403, Relay.send("PUT", rulesPath, Tokens.of("redact", "viewer"), rules).status());
            assertEquals(404, Relay.send("PUT", rulesPath, Tokens.of("globex", "editor"), rules).status());
            Relay.expect(200, Relay.send("PUT", rulesPath, editor, rules));
            JsonObject read = Relay.expect(200, Relay.send("GET", rulesPath, Tokens.of("redact", "viewer"), null)).json();
            assertEquals("destination", read.getString("source"));

            JsonObject preview = Relay.expect(200, Relay.send("POST", "redaction/preview?destination=otlp/" + app, editor,
                    Json.createObjectBuilder().add("task", PersonalData.toolTask(app)).build().toString())).json();
            String previewed = preview.getJsonObject("task").toString();
            PersonalData.PLANTED.forEach(p -> assertTrue(!previewed.contains(p), "preview shows " + p));

            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("redact", "producer"), Samples.array(PersonalData.toolTask(app))));
            Relay.await("the redacted span", DELIVERY, () -> collector.acceptedSpans().size() >= 1);
            String exported = strings(collector.acceptedSpans());
            PersonalData.PLANTED.forEach(p -> assertTrue(!exported.contains(p), "exported " + p));
            assertTrue(exported.contains("Zoë Ångström") && exported.contains("4111 1111 1111 1112"), "what no rule matches arrives unchanged");
            assertTrue(exported.contains("[redacted:email]") && exported.contains("hmac:"), exported);
            String report = FakeOtlpCollector.attribute(collector.acceptedSpans().get(0), "dify.metadata.relay_redaction").orElseThrow();
            assertTrue(report.contains("\"card\"") && report.contains("\"order_no\"") && !report.contains("4111"), report);
        }
    }
}
