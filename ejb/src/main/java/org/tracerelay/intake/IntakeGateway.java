package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts one request's validated tasks on the TraceTasks queue as one persistent message (a JSON
 * array): when {@link #enqueue} returns, the whole batch is in the broker's journal, and the
 * listener routes it in one transaction, so the drain sees it whole.
 */
@Stateless
public class IntakeGateway {

    @Inject
    JMSContext jms;

    @Resource(lookup = TraceTaskQueue.JNDI)
    Queue queue;

    /** Artemis drops a message whose duplicate id it has seen (its id cache survives restarts). */
    static final String DUPLICATE_ID_PROPERTY = "_AMQ_DUPL_ID";

    public void enqueue(List<TaskEnvelope> tasks) {
        JsonArrayBuilder batch = Json.createArrayBuilder();
        tasks.forEach(t -> batch.add(t.toJson()));
        jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(TraceTaskQueue.SOURCE_PROPERTY, "REST")
                .setProperty(DUPLICATE_ID_PROPERTY, duplicateId(tasks))
                .send(queue, batch.build().toString());
    }

    /**
     * The same tasks again (a client resending a request whose 202 it never saw) give the same id,
     * so the broker keeps one copy; the listener's task_id check catches the rest.
     */
    static String duplicateId(List<TaskEnvelope> tasks) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            tasks.stream().map(TaskEnvelope::taskId).sorted().forEach(id -> sha.update((id + "\n").getBytes(StandardCharsets.UTF_8)));
            return "trace-tasks:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
