package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Backlog quotas and the bounds of what refused JMS messages leave behind, each on a server started
 * with small bounds: a tenant whose backend is down (503, Retry-After 3600) and who floods is
 * refused alone, and refusal records and dead letters go after their retention.
 */
class QuotasRestartIT extends ManualServerIT {

    /** TenantIsolationIT's: a live tenant's tasks arrive within it while another one floods. */
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static String[] telemetryTo(FakeEnterpriseCollector telemetry, String... more) {
        return Stream.concat(Stream.of("-Dotel.sdk.disabled=false", "-Dotel.exporter.otlp.endpoint=" + telemetry.grpcEndpoint(),
                "-Dotel.exporter.otlp.protocol=grpc", "-Dotel.metrics.exporter=otlp", "-Dotel.metric.export.interval=1000",
                "-Dotel.traces.exporter=none", "-Dotel.logs.exporter=none"), Stream.of(more)).toArray(String[]::new);
    }

    private static String batch(String app, int size, String label) {
        JsonObject[] tasks = new JsonObject[size];
        for (int i = 0; i < size; i++) {
            tasks[i] = Samples.moderation(app, label + " " + i);
        }
        return Samples.array(tasks);
    }

    /** The latest data points of a metric, by the value of {@code attribute} (empty key: no attribute). */
    private static List<NumberDataPoint> points(FakeEnterpriseCollector telemetry, String name) {
        Optional<Metric> m = ObservabilityRestartIT.metric(telemetry, name);
        if (m.isEmpty()) {
            return List.of();
        }
        return m.get().hasSum() ? m.get().getSum().getDataPointsList() : m.get().getGauge().getDataPointsList();
    }

    private static long sumOf(FakeEnterpriseCollector telemetry, String name, String attributeValue) {
        return points(telemetry, name).stream()
                .filter(p -> attributeValue == null || p.getAttributesList().stream().map(KeyValue::getValue)
                        .anyMatch(v -> v.getStringValue().equals(attributeValue)))
                .mapToLong(NumberDataPoint::getAsInt).sum();
    }

    @Test
    void aTenantFloodingADeadBackendIsRefusedAloneAndReadinessStaysUp() throws Exception {
        try (FakeEnterpriseCollector telemetry = new FakeEnterpriseCollector();
             FakeOtlpCollector dead = new FakeOtlpCollector(); FakeOtlpCollector live = new FakeOtlpCollector()) {
            // Quotas of a 1000-task relay: 300 per tenant, 100 per destination. The earlier global
            // bound alone would refuse everyone once the flood reached 1000.
            startRelay(telemetryTo(telemetry, "-Dtrace.intake.max-backlog=1000", "-Dtrace.intake.tenant-share=0.3",
                    "-Dtrace.intake.destination-share=0.1"));
            try {
                dead.answer(r -> new FakeOtlpCollector.Answer(503, "3600"));
                String deadApp = Relay.appTracingTo("quota-a", dead.endpoint(), "");
                String otherAppOfA = Relay.appTracingTo("quota-a", live.endpoint(), "");
                String appOfB = Relay.appTracingTo("quota-b", live.endpoint(), "");
                String tokenA = Tokens.of("quota-a", "producer");
                String tokenB = Tokens.of("quota-b", "producer");

                int accepted = 0;
                Relay.Reply refused = null;
                for (int i = 0; i < 15; i++) {
                    Relay.Reply r = Relay.send("POST", "trace-tasks", tokenA, batch(deadApp, 100, "flood " + i));
                    if (r.status() == 202) {
                        accepted += 100;
                    } else {
                        assertEquals(429, r.status(), r.body());
                        refused = r;
                    }
                }
                assertNotNull(refused, "a flood past the destination's quota is refused");
                assertTrue(Integer.parseInt(refused.retryAfter()) >= 1, "Retry-After " + refused.retryAfter());
                assertTrue(refused.contentType().startsWith("application/problem+json"), refused.contentType());
                assertTrue(accepted >= 100 && accepted <= 200, "accepted " + accepted + " of the dead app's 1500");
                int stored = accepted;
                Relay.await("the flood stored", DELIVERY, () -> Relay.deliveries("quota-a", deadApp, null).size() >= stored);
                Thread.sleep(2100); // past the 2 s between counts: the next answer reads the stored backlog
                Relay.Reply counted = Relay.send("POST", "trace-tasks", tokenA, batch(deadApp, 1, "counted"));
                assertEquals(429, counted.status(), "still over, by the database's count");
                assertEquals("30", counted.retryAfter());

                long start = System.nanoTime();
                Relay.expect(202, Relay.send("POST", "trace-tasks", tokenB, batch(appOfB, 10, "b")));
                Relay.expect(202, Relay.send("POST", "trace-tasks", tokenA, batch(otherAppOfA, 10, "a's other app")));
                Relay.await("the other tenant's tasks delivered", DELIVERY,
                        () -> Relay.deliveries("quota-b", appOfB, "delivered").size() == 10);
                System.out.printf("tenant B: 10 tasks accepted and delivered in %d ms beside A's flood%n",
                        (System.nanoTime() - start) / 1_000_000);
                Relay.await("the tenant's other app delivered", DELIVERY,
                        () -> Relay.deliveries("quota-a", otherAppOfA, "delivered").size() == 10);

                ObservabilityRestartIT.Health ready = ObservabilityRestartIT.health("ready");
                assertEquals(200, ready.status(), ready.json().toString());
                assertEquals(Optional.of("UP"), ready.check("trace-relay-intake"));

                // JMS alike: the flooding tenant's message is deferred (not stored, not dropped), the other's is delivered.
                try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
                     JMSContext jms = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
                    jms.createProducer().setProperty("trace_relay_token", tokenA)
                            .send(jms.createQueue("TraceTasks"), batch(deadApp, 5, "jms flood"));
                    jms.createProducer().setProperty("trace_relay_token", tokenB)
                            .send(jms.createQueue("TraceTasks"), batch(appOfB, 5, "jms b"));
                }
                Relay.await("the other tenant's JMS tasks delivered", DELIVERY,
                        () -> Relay.deliveries("quota-b", appOfB, "delivered").size() == 15);
                Relay.await("the flooding producer's message deferred", DELIVERY,
                        () -> sumOf(telemetry, "trace_relay.intake.deferred", null) >= 1);
                assertEquals(stored, Relay.deliveries("quota-a", deadApp, null).size(), "nothing of it stored meanwhile");
                assertEquals(200, ObservabilityRestartIT.health("ready").status());
            } finally {
                stopRelay();
            }
        }
    }

    @Test
    void refusalRecordsAndDeadLettersArePurgedAfterTheirRetentionAndCounted() throws Exception {
        try (FakeEnterpriseCollector telemetry = new FakeEnterpriseCollector()) {
            startRelay(telemetryTo(telemetry, "-Dtrace.retention.rejected=PT15S", "-Dtrace.retention.rejected.interval=PT3S"));
            try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
                 JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
                 JMSContext operator = factory.createContext("operator", "operator", JMSContext.AUTO_ACKNOWLEDGE)) {
                String marker = UUID.randomUUID().toString();
                producer.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                        .send(producer.createQueue("TraceTasks"), "{\"app_id\": \"" + marker + "\"");
                Relay.await("the refusal recorded", Duration.ofSeconds(30),
                        () -> sumOf(telemetry, "trace_relay.rejected.stored", null) >= 1);
                Relay.await("record and dead letter purged", Duration.ofSeconds(60),
                        () -> sumOf(telemetry, "trace_relay.rejected.purged", "rejected_task") >= 1
                                && sumOf(telemetry, "trace_relay.rejected.purged", "dead_letters") >= 1);
                Relay.await("no record left", Duration.ofSeconds(30),
                        () -> points(telemetry, "trace_relay.rejected.stored").stream().allMatch(p -> p.getAsInt() == 0));

                // Older dead letters (earlier tests') may be the ones counted first; this one goes in a later period.
                Relay.await("the dead letter purged", Duration.ofSeconds(30), () -> !deadLetterHolds(operator, marker));
            } finally {
                stopRelay();
            }
        }
    }

    /** Browses the dead-letter queue (takes nothing) for a text message holding the marker. */
    private static boolean deadLetterHolds(JMSContext operator, String marker) {
        try (QueueBrowser browser = operator.createBrowser(operator.createQueue("TraceTasksDLQ"))) {
            for (var e = browser.getEnumeration(); e.hasMoreElements(); ) {
                if (e.nextElement() instanceof TextMessage text && text.getText().contains(marker)) {
                    return true;
                }
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage());
        }
        return false;
    }
}
