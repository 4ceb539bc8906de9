package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The attacks of one tenant on another, tried as an attacker would against the running relay:
 * each is refused or harmless.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TenantIsolationIT {

    static final Duration DELIVERY = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    static List<String> post(String tenant, String app, int n) {
        List<String> ids = new ArrayList<>();
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                Samples.array(FaultRestartIT.batch(app, n, ids))));
        return ids;
    }

    static Set<String> spans(FakeOtlpCollector c) {
        return FaultRestartIT.distinctSpans(c);
    }

    static Set<String> spanIds(List<String> taskIds) {
        return taskIds.stream().map(id -> {
            try {
                return FaultRestartIT.spanIdOf(id);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toSet());
    }

    @Test
    void aDeletedAppIdTakenOverByAnotherTenantShowsAndSendsNothingOfItsPast() throws Exception {
        try (FakeOtlpCollector refusing = new FakeOtlpCollector(); FakeOtlpCollector intruders = new FakeOtlpCollector()) {
            refusing.answer(r -> new FakeOtlpCollector.Answer(400, null));
            String app = Relay.appTracingTo("victim", refusing.endpoint(), "");
            List<String> secrets = post("victim", app, 20);
            Relay.await("20 dead for the victim", DELIVERY, () -> Relay.deliveries("victim", app, "dead").size() == 20);
            // Redrive works in pages: the oldest five, and how many are left.
            JsonObject page = Relay.expect(200, Relay.send("POST", "apps/" + app + "/deliveries/redrive",
                    Tokens.of("victim", "editor"), "{\"limit\":5}")).json();
            assertEquals(5, page.getInt("redriven"));
            assertEquals(15, page.getInt("remaining"));
            Relay.expect(400, Relay.send("POST", "apps/" + app + "/deliveries/redrive", Tokens.of("victim", "editor"), "{\"limit\":0}"));
            Relay.await("the five dead again", DELIVERY, () -> Relay.deliveries("victim", app, "dead").size() == 20);
            Relay.expect(204, Relay.send("DELETE", "apps/" + app, Tokens.of("victim", "editor"), null));

            String editor = Tokens.of("intruder", "editor");
            Relay.expect(201, Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"mine now\"}"));
            assertEquals(List.of(), Relay.deliveries("intruder", app, null), "nothing of the victim is listed");
            Relay.expect(201, Relay.send("POST", "apps/" + app + "/trace-config", editor,
                    Json.createObjectBuilder().add("tracing_provider", "otlp").add("tracing_config",
                            Json.createObjectBuilder().add("endpoint", intruders.endpoint()).add("headers", "")).build().toString()));
            Relay.expect(200, Relay.send("POST", "apps/" + app + "/trace", editor, "{\"enabled\":true,\"tracing_provider\":\"otlp\"}"));
            JsonObject redriven = Relay.expect(200, Relay.send("POST", "apps/" + app + "/deliveries/redrive", editor, "{}")).json();
            assertEquals(0, redriven.getInt("redriven"));
            assertEquals("invalid_request", Relay.expect(400, Relay.send("POST", "apps/" + app + "/deliveries/redrive", editor,
                    "{\"delivery_ids\":")).json().getString("code"), "malformed JSON is the caller's mistake");
            Relay.expect(400, Relay.send("POST", "apps/" + app + "/deliveries/redrive", editor, "{\"delivery_ids\":[5]}"));

            List<String> own = post("intruder", app, 3);
            Relay.await("the intruder's own 3 delivered", DELIVERY, () -> spans(intruders).containsAll(spanIds(own)));
            Marker.after("intruder", app, intruders);
            Set<String> leaked = spans(intruders);
            leaked.retainAll(spanIds(secrets));
            assertEquals(Set.of(), leaked, "no task of the victim reached the intruder's collector");
        }
    }

    @Test
    void twoTenantsMayUseTheSameTaskIdAndBothAreDelivered() throws Exception {
        try (FakeOtlpCollector c = new FakeOtlpCollector(); FakeOtlpCollector d = new FakeOtlpCollector()) {
            String appC = Relay.appTracingTo("tenant-c", c.endpoint(), "");
            String appD = Relay.appTracingTo("tenant-d", d.endpoint(), "");
            String shared = UUID.randomUUID().toString();
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("tenant-c", "producer"),
                    Samples.array(Samples.withTaskId(Samples.moderation(appC, "c"), shared))));
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("tenant-d", "producer"),
                    Samples.array(Samples.withTaskId(Samples.moderation(appD, "d"), shared))));
            String span = FaultRestartIT.spanIdOf(shared);
            Relay.await("C's task delivered to C", DELIVERY, () -> spans(c).contains(span));
            Relay.await("D's task delivered to D", DELIVERY, () -> spans(d).contains(span));
            assertEquals(1, Relay.deliveries("tenant-c", appC, "delivered").size());
            assertEquals(1, Relay.deliveries("tenant-d", appD, "delivered").size());

            // The same id again from the same tenant stays harmless: stored once.
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("tenant-d", "producer"),
                    Samples.array(Samples.withTaskId(Samples.moderation(appD, "d"), shared))));
            Marker marker = Marker.after("tenant-d", appD, d);
            assertEquals(1, marker.deliveriesBesides("tenant-d", appD, null).size());
            assertEquals(List.of(span), marker.spansBesides(d).stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).toList(),
                    "D's task reached D's collector once");
        }
    }

    @Test
    void aStoredSecretNeverFollowsAChangedEndpoint() throws Exception {
        try (FakeOtlpCollector home = new FakeOtlpCollector(); FakeOtlpCollector elsewhere = new FakeOtlpCollector()) {
            String editor = Tokens.of("acme", "editor");
            String app = UUID.randomUUID().toString();
            Relay.expect(201, Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"secret\"}"));
            JsonObject created = Relay.expect(201, Relay.send("POST", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + home.endpoint()
                            + "\",\"headers\":\"authorization=Bearer only-for-home\"}}")).json();
            String masked = created.getJsonObject("tracing_config").getString("headers");
            JsonObject refused = Relay.expect(400, Relay.send("PATCH", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + elsewhere.endpoint()
                            + "\",\"headers\":\"" + masked + "\"}}")).json();
            assertEquals("secret_required_for_new_host", refused.getString("code"));
            assertEquals(List.of(), elsewhere.probes(), "the new host was not even checked with the old secret");
            Relay.expect(200, Relay.send("PATCH", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + elsewhere.endpoint()
                            + "\",\"headers\":\"authorization=Bearer entered-again\"}}"));
        }
    }

    @Test
    void difysTenantScopedPromptGenerationIsAcceptedForItsOwnTenantOnly() {
        JsonObject generation = Json.createObjectBuilder()
                .add("app_id", "tenant-acme")
                .add("trace_info_type", "PromptGenerationTraceInfo")
                .add("trace_info", Json.createObjectBuilder()
                        .add("tenant_id", "acme").add("user_id", "u1").add("app_id", JsonObject.NULL)
                        .add("operation_type", "rule_generate").add("instruction", "write a poem")
                        .add("prompt_tokens", 12).add("completion_tokens", 30).add("total_tokens", 42)
                        .add("model_provider", "openai").add("model_name", "gpt-4o")
                        .add("latency", 0.5).add("total_price", 0.001).add("currency", "USD")
                        .add("message_id", JsonObject.NULL).add("metadata", Json.createObjectBuilder())
                        .add("start_time", "2026-11-30T10:00:00.123456Z").add("end_time", "2026-11-30T10:00:01.654321Z"))
                .build();
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), generation.toString()));
        JsonObject other = Relay.expect(400, Relay.send("POST", "trace-tasks", Tokens.of("other", "producer"),
                generation.toString())).json();
        assertTrue(other.toString().contains("tenant_id"), other.toString());
    }

    @Test
    void theBrokerRefusesAnonymousAndGuestAndAProducerMayNotConsume() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616")) {
            assertThrows(JMSRuntimeException.class, () -> factory.createContext().close(), "anonymous");
            assertThrows(JMSRuntimeException.class, () -> factory.createContext("guest", "guest").close(), "guest");
            try (JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
                assertThrows(JMSRuntimeException.class,
                        () -> producer.createConsumer(producer.createQueue("TraceTasks")).receive(1000), "consume TraceTasks");
                assertThrows(JMSRuntimeException.class,
                        () -> producer.createConsumer(producer.createQueue("TraceTasksDLQ")).receive(1000), "consume the DLQ");
            }
        }
    }

    @Test
    void aJmsMessageOverRestsItemLimitIsRefusedWithItsReason() throws Exception {
        String app = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        String body = Samples.array(FaultRestartIT.batch(app, 1001, ids));
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
            producer.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                    .send(producer.createQueue("TraceTasks"), body);
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (System.currentTimeMillis() < deadline) {
                    jakarta.jms.Message m = dlq.receive(1000);
                    if (m instanceof jakarta.jms.TextMessage text && text.getText().contains(ids.get(0))) {
                        assertTrue(m.getStringProperty("trace_relay_reject_reason").contains("at most 1000 tasks"),
                                m.getStringProperty("trace_relay_reject_reason"));
                        return;
                    }
                }
            }
            throw new AssertionError("the oversized message never reached TraceTasksDLQ");
        }
    }

    /** One JMS attack: who sends, with which token and properties, what; and the reason it is refused. */
    record JmsAttack(String name, String token, Map<String, String> properties, JsonObject task, String reason) {
    }

    @Test
    void aJmsProducerSendsOnlyAsTheTenantItsTokenNames() throws Exception {
        try (FakeOtlpCollector victims = new FakeOtlpCollector();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
            String app = Relay.appTracingTo("jms-victim", victims.endpoint(), "");
            String attacker = Tokens.of("jms-attacker", "producer");
            String[] parts = attacker.split("\\.");
            String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                            .replace("jms-attacker", "jms-victim").getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];
            List<JmsAttack> attacks = List.of(
                    new JmsAttack("no token, the victim's app", null, Map.of(), Samples.moderation(app, marker()), "no producer token"),
                    new JmsAttack("the attacker's token, the victim's app", attacker, Map.of(), Samples.moderation(app, marker()),
                            "no such app for this tenant"),
                    new JmsAttack("the attacker's token, tenant_id of the victim", attacker, Map.of(),
                            withTenant(Samples.moderation(app, marker()), "jms-victim"), "does not match the producer token's tenant"),
                    new JmsAttack("a token re-signed for the victim", forged, Map.of(), Samples.moderation(app, marker()),
                            "producer token refused"),
                    new JmsAttack("the victim's editor token", Tokens.of("jms-victim", "editor"), Map.of(),
                            Samples.moderation(app, marker()), "lacks the group producer"),
                    new JmsAttack("a made-up relay mark", null, Map.of("trace_relay_mark", "AAAA", "trace_relay_source", "REST"),
                            Samples.moderation(app, marker()), "no producer token"));
            for (JmsAttack a : attacks) {
                var send = producer.createProducer();
                if (a.token() != null) {
                    send.setProperty("trace_relay_token", a.token());
                }
                a.properties().forEach(send::setProperty);
                send.send(producer.createQueue("TraceTasks"), a.task().toString());
            }
            Map<String, String> reasons = new java.util.HashMap<>();
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (reasons.size() < attacks.size() && System.currentTimeMillis() < deadline) {
                    jakarta.jms.Message m = dlq.receive(1000);
                    if (m instanceof jakarta.jms.TextMessage text) {
                        for (JmsAttack a : attacks) {
                            if (text.getText().equals(a.task().toString())) {
                                reasons.put(a.name(), m.getStringProperty("trace_relay_reject_reason"));
                            }
                        }
                    }
                }
            }
            for (JmsAttack a : attacks) {
                String reason = reasons.get(a.name());
                assertTrue(reason != null && reason.contains(a.reason()), a.name() + ": " + reason);
            }
            // The victim's own producer token routes into its app: refused above was the sender, not the app.
            String own = marker();
            producer.createProducer().setProperty("trace_relay_token", Tokens.of("jms-victim", "producer"))
                    .send(producer.createQueue("TraceTasks"), Samples.moderation(app, own).toString());
            Relay.await("the victim's own JMS task delivered", DELIVERY, () -> Relay.deliveries("jms-victim", app, "delivered").size() == 1);
            Marker marker = Marker.after("jms-victim", app, victims);
            assertEquals(1, marker.deliveriesBesides("jms-victim", app, null).size(), "none of the attacks stored a task in the victim's app");
        }
    }

    /**
     * A genuine mark, not a made-up one: the relay's own message for a REST request, held on the
     * paused queue, moved to the dead-letter queue by the broker's management and taken off it
     * whole. Put back once, it is the relay's message and is stored; sent again, with a producer
     * token of another tenant or with none, it is a copy: refused with its reason, stored nowhere.
     */
    @Test
    void aGenuineRelayMarkSentAgainByAProducerIsNotTheRelays() throws Exception {
        try (FakeOtlpCollector victims = new FakeOtlpCollector();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
            String app = Relay.appTracingTo("mark-victim", victims.endpoint(), "");
            String taskId = UUID.randomUUID().toString();
            traceTasks("pause");
            try {
                Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("mark-victim", "producer"),
                        Samples.withTaskId(Samples.moderation(app, "marked"), taskId).toString()));
                assertTrue(traceTasks("send-messages-to-dead-letter-address").asInt() >= 1, "the relay's message was on the queue");
            } finally {
                traceTasks("resume");
            }
            jakarta.jms.Message genuine = null;
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (genuine == null && System.currentTimeMillis() < deadline) {
                    jakarta.jms.Message m = dlq.receive(1000);
                    // The batch is sealed on the broker: found by the tenant it was sealed for.
                    if (m != null && "mark-victim".equals(m.getStringProperty("trace_relay_sealed_for"))) {
                        genuine = m;
                    }
                }
            }
            assertTrue(genuine != null, "the relay's message taken off the queue");
            byte[] body = bodyOf(genuine);
            String mark = genuine.getStringProperty("trace_relay_mark");
            assertTrue(mark != null, "a marked message of the victim's");
            assertFalse(new String(body, java.nio.charset.StandardCharsets.ISO_8859_1).contains(taskId), "sealed, not plaintext");

            // Back on the queue as the relay sent it: the relay takes it as its own, once.
            sendMarked(producer, body, mark, null);
            String span = FaultRestartIT.spanIdOf(taskId);
            Relay.await("the marked task delivered", DELIVERY, () -> spans(victims).contains(span));
            // Its stored task goes with the app: a copy taken as the relay's would store it again.
            Relay.expect(204, Relay.send("DELETE", "apps/" + app, Tokens.of("mark-victim", "editor"), null));

            sendMarked(producer, body, mark, Tokens.of("mark-thief", "producer"));
            sendMarked(producer, body, mark, null);
            List<String> reasons = new ArrayList<>();
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (reasons.size() < 2 && System.currentTimeMillis() < deadline) {
                    jakarta.jms.Message m = dlq.receive(1000);
                    if (m != null && "mark-victim".equals(m.getStringProperty("trace_relay_sealed_for"))) {
                        reasons.add(m.getStringProperty("trace_relay_reject_reason"));
                    }
                }
            }
            assertEquals(List.of(), StoredTasks.withTaskId(taskId), "no copy stored the task again, for any tenant");
            assertEquals(2, reasons.size(), "both copies refused: " + reasons);
            reasons.forEach(r -> assertTrue(r.contains("relay mark already used"), r));
        }
    }

    /** A copy of the genuine message: its body, its mark and the tenant its body was sealed for. */
    private static void sendMarked(JMSContext producer, byte[] body, String mark, String token) {
        var send = producer.createProducer().setProperty("trace_relay_mark", mark).setProperty("trace_relay_sealed_for", "mark-victim");
        if (token != null) {
            send.setProperty("trace_relay_token", token);
        }
        send.send(producer.createQueue("TraceTasks"), body);
    }

    private static byte[] bodyOf(jakarta.jms.Message m) throws jakarta.jms.JMSException {
        if (m instanceof jakarta.jms.TextMessage text) {
            return text.getText().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return m instanceof jakarta.jms.BytesMessage bytes ? bytes.getBody(byte[].class) : new byte[0];
    }

    /** An operation of the management model on the TraceTasks queue; its result. */
    private static org.jboss.dmr.ModelNode traceTasks(String operation) throws Exception {
        try (org.jboss.as.controller.client.ModelControllerClient client =
                     org.jboss.as.controller.client.ModelControllerClient.Factory.create("localhost", 9990)) {
            org.jboss.dmr.ModelNode op = new org.jboss.dmr.ModelNode();
            op.get("operation").set(operation);
            op.get("address").add("subsystem", "messaging-activemq").add("server", "default").add("jms-queue", "TraceTasks");
            org.jboss.dmr.ModelNode result = client.execute(op);
            assertEquals("success", result.get("outcome").asString(), result.toString());
            return result.get("result");
        }
    }

    @Test
    void aDeploymentWritesOnlyForItsTenantsEachTaskInItsOwnAndReadsNothing() throws Exception {
        try (FakeOtlpCollector acme = new FakeOtlpCollector(); FakeOtlpCollector globex = new FakeOtlpCollector();
             ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
             JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
            String dify = Tokens.deployment("dify-it", "dep-acme", "dep-globex");
            String appA = UUID.randomUUID().toString();
            String appG = UUID.randomUUID().toString();
            // Dify's settings mirrored with the deployment's token, each app for its tenant; nothing read back.
            for (String[] mirror : List.of(new String[] {"dep-acme", appA, acme.endpoint()}, new String[] {"dep-globex", appG, globex.endpoint()})) {
                String[] tenant = {"Trace-Relay-Tenant", mirror[0]};
                String config = Json.createObjectBuilder().add("tracing_provider", "otlp").add("tracing_config",
                        Json.createObjectBuilder().add("endpoint", mirror[2]).add("headers", "")).build().toString();
                assertEquals("{}", Relay.expect(201, Relay.send("PUT", "apps/" + mirror[1], dify,
                        "{\"name\":\"dify app\",\"mode\":\"workflow\"}", tenant)).body());
                assertEquals("{}", Relay.expect(201, Relay.send("POST", "apps/" + mirror[1] + "/trace-config", dify, config, tenant)).body());
                assertEquals("{}", Relay.expect(200, Relay.send("PATCH", "apps/" + mirror[1] + "/trace-config", dify, config, tenant)).body());
                assertEquals("{}", Relay.expect(200, Relay.send("POST", "apps/" + mirror[1] + "/trace", dify,
                        "{\"enabled\":true,\"tracing_provider\":\"otlp\"}", tenant)).body());
            }
            assertEquals("dep-acme", Relay.expect(200, Relay.send("GET", "apps/" + appA, Tokens.of("dep-acme", "viewer"), null))
                    .json().getString("tenant_id"), "registered under the header's tenant");

            // It reads nothing, writes for no tenant outside its set, and names the tenant on admin routes.
            for (String[] read : List.of(new String[] {"GET", "apps"}, new String[] {"GET", "apps/" + appA},
                    new String[] {"GET", "apps/" + appA + "/trace"}, new String[] {"GET", "apps/" + appA + "/trace-config?tracing_provider=otlp"},
                    new String[] {"GET", "apps/" + appA + "/trace-configs"}, new String[] {"GET", "apps/" + appA + "/deliveries"},
                    new String[] {"GET", "apps/" + appA + "/deliveries/activity"}, new String[] {"DELETE", "apps/" + appA},
                    new String[] {"DELETE", "apps/" + appA + "/trace-config?tracing_provider=otlp"},
                    new String[] {"POST", "apps/" + appA + "/deliveries/redrive"}, new String[] {"POST", "tenant-key/rotate"})) {
                assertEquals("forbidden", Relay.expect(403, Relay.send(read[0], read[1], dify, read[0].equals("POST") ? "{}" : null,
                        "Trace-Relay-Tenant", "dep-acme")).json().getString("code"), read[0] + " " + read[1]);
            }
            assertEquals("tenant_not_permitted", Relay.expect(403, Relay.send("PUT", "apps/" + UUID.randomUUID(), dify,
                    "{\"name\":\"x\"}", "Trace-Relay-Tenant", "dep-initech")).json().getString("code"));
            assertEquals("tenant_required", Relay.expect(400, Relay.send("POST", "apps/" + appA + "/trace", dify,
                    "{\"enabled\":false}")).json().getString("code"));

            // One request, two tenants: each task lands in its own tenant and reaches only its app's collector.
            String taskA = UUID.randomUUID().toString();
            String taskG = UUID.randomUUID().toString();
            Relay.expect(202, Relay.send("POST", "trace-tasks", dify, Samples.array(
                    withTenant(Samples.withTaskId(Samples.moderation(appA, "acme"), taskA), "dep-acme"),
                    withTenant(Samples.withTaskId(Samples.moderation(appG, "globex"), taskG), "dep-globex"))));
            Relay.await("acme's task at acme", DELIVERY, () -> spans(acme).contains(spanIdOfTask(taskA)));
            Relay.await("globex's task at globex", DELIVERY, () -> spans(globex).contains(spanIdOfTask(taskG)));
            assertEquals(1, Relay.deliveries("dep-acme", appA, "delivered").size());
            assertEquals(1, Relay.deliveries("dep-globex", appG, "delivered").size());

            // A task for a tenant outside the set, with none, or for another tenant's app refuses the whole request.
            String refusedTask = UUID.randomUUID().toString();
            var refused = Relay.expect(400, Relay.send("POST", "trace-tasks", dify, Samples.array(
                    withTenant(Samples.withTaskId(Samples.moderation(appA, "kept out"), refusedTask), "dep-acme"),
                    withTenant(Samples.moderation(appA, "outside"), "dep-initech"),
                    Samples.moderation(appA, "no tenant"),
                    withTenant(Samples.moderation(appA, "another's app"), "dep-globex")))).json();
            assertEquals("invalid_trace_task", refused.getString("code"));
            assertEquals(List.of("items[1].tenant_id", "items[2].tenant_id", "items[3].app_id"), refused.getJsonArray("errors")
                    .getValuesAs(JsonObject.class).stream().map(e -> e.getString("path")).toList());
            // A tenant's token never acts as a deployment.
            Relay.expect(401, Relay.send("POST", "trace-tasks", Tokens.tenantPosingAsDeployment("dep-initech", "dep-acme"),
                    Samples.array(withTenant(Samples.moderation(appA, "posing"), "dep-acme"))));

            // The same on JMS: the deployment's message for its tenants is stored, one outside them dead-lettered with why.
            String jmsTask = UUID.randomUUID().toString();
            JsonObject outside = withTenant(Samples.moderation(appA, marker()), "dep-initech");
            JsonObject posing = withTenant(Samples.moderation(appA, marker()), "dep-acme");
            producer.createProducer().setProperty("trace_relay_token", dify).send(producer.createQueue("TraceTasks"),
                    Samples.array(withTenant(Samples.withTaskId(Samples.moderation(appG, "jms"), jmsTask), "dep-globex")));
            producer.createProducer().setProperty("trace_relay_token", dify).send(producer.createQueue("TraceTasks"), outside.toString());
            producer.createProducer().setProperty("trace_relay_token", Tokens.tenantPosingAsDeployment("dep-initech", "dep-acme"))
                    .send(producer.createQueue("TraceTasks"), posing.toString());
            Relay.await("the deployment's JMS task at globex", DELIVERY, () -> spans(globex).contains(spanIdOfTask(jmsTask)));
            Map<String, String> reasons = new java.util.HashMap<>();
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"))) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (reasons.size() < 2 && System.currentTimeMillis() < deadline) {
                    jakarta.jms.Message m = dlq.receive(1000);
                    if (m instanceof jakarta.jms.TextMessage text) {
                        if (text.getText().equals(outside.toString())) {
                            reasons.put("outside", m.getStringProperty("trace_relay_reject_reason"));
                        } else if (text.getText().equals(posing.toString())) {
                            reasons.put("posing", m.getStringProperty("trace_relay_reject_reason"));
                        }
                    }
                }
            }
            assertTrue(String.valueOf(reasons.get("outside")).contains("items[0].tenant_id: is not one of the tenants"), reasons.toString());
            assertTrue(String.valueOf(reasons.get("posing")).contains("cannot act as a deployment"), reasons.toString());

            Marker.after("dep-acme", appA, acme);
            assertFalse(spans(acme).contains(spanIdOfTask(refusedTask)), "nothing of the refused request was stored");
            assertEquals(2, Relay.deliveries("dep-acme", appA, "delivered").size(), "acme has its task and the marker only");
        }
    }

    private static String spanIdOfTask(String taskId) {
        try {
            return FaultRestartIT.spanIdOf(taskId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String marker() {
        return "jms-attack-" + UUID.randomUUID();
    }

    private static JsonObject withTenant(JsonObject task, String tenant) {
        return Json.createObjectBuilder(task).add("tenant_id", tenant).build();
    }
}
