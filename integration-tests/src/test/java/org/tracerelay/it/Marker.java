package org.tracerelay.it;

import io.opentelemetry.proto.trace.v1.Span;
import jakarta.jms.JMSContext;
import jakarta.jms.TextMessage;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * Proof that nothing more is on its way to an app, where a sleep could not tell a late duplicate
 * from none: a marker task sent after the tasks under test, awaited at the same collector, and then
 * no delivery of the app left pending.
 * <p>
 * The marker alone is not enough: the listener consumes TraceTasks with several sessions at once,
 * and a claim takes the due rows of a destination oldest first but skips rows another claim holds,
 * so a task stored before the marker may still be exported after it. Once the marker arrived, every
 * message sent before it has been taken off the queue (or is in a listener's hands for the few
 * milliseconds of its insert); once nothing of the app is pending, every row stored has reached its
 * final state (delivered or dead) and nothing more will be sent for it.
 */
final class Marker {

    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private final String taskId;

    private Marker(String taskId) {
        this.taskId = taskId;
    }

    /** Sends a marker to {@code app} as its tenant's producer and waits until the app is settled. */
    static Marker after(String tenant, String app, FakeOtlpCollector collector) {
        Marker marker = new Marker(UUID.randomUUID().toString());
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                Samples.withTaskId(Samples.moderation(app, "marker " + marker.taskId), marker.taskId).toString()));
        Relay.await("the marker at the collector", DELIVERY,
                () -> collector.acceptedSpans().stream().anyMatch(marker::is));
        Relay.await("no delivery of the app pending", DELIVERY, () -> Relay.deliveries(tenant, app, "pending").isEmpty());
        return marker;
    }

    boolean is(Span span) {
        return FakeOtlpCollector.hex(span.getSpanId()).equals(Ids.spanId(taskId));
    }

    /** The spans the collector accepted, the marker's left out. */
    List<Span> spansBesides(FakeOtlpCollector collector) {
        return collector.acceptedSpans().stream().filter(s -> !is(s)).toList();
    }

    /** The data requests the collector received, the one that carried the marker left out. */
    List<FakeOtlpCollector.Received> requestsBesides(FakeOtlpCollector collector) {
        return collector.requests().stream().filter(r -> r.request().getResourceSpansList().stream()
                .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream())
                .noneMatch(this::is)).toList();
    }

    /**
     * The server log from {@code offset} on, up to a marker: a message the listener refuses (not
     * JSON) logs its JMS id, and once that line is in the file, every line logged before it is.
     */
    static String serverLogSince(Path log, long offset) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://localhost:61616");
             JMSContext producer = factory.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
            TextMessage marker = producer.createTextMessage("{\"log marker\":");
            producer.createProducer().setProperty("trace_relay_token", Tokens.of("acme", "producer"))
                    .send(producer.createQueue("TraceTasks"), marker);
            String id = marker.getJMSMessageID();
            Relay.await("the marker in the server log", DELIVERY, () -> read(log, offset).contains(id));
            return read(log, offset);
        }
    }

    private static String read(Path log, long offset) {
        try {
            return Files.readString(log).substring((int) offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app's deliveries (of {@code status}, or all), the marker's left out. */
    List<JsonObject> deliveriesBesides(String tenant, String app, String status) {
        return Relay.deliveries(tenant, app, status).stream().filter(d -> !d.getString("task_id").equals(taskId)).toList();
    }
}
