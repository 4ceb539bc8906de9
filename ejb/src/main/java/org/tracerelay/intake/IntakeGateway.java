package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;
import jakarta.json.JsonArrayBuilder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.json.Jsonp;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.task.IntakeLimits;
import org.tracerelay.task.TaskEnvelope;

/**
 * Puts one request's accepted tasks, each stamped with its tenant, on the TraceTasks queue as one
 * persistent message per tenant (a JSON array, sealed under the tenant's key: {@link RelayBatches})
 * marked as the relay's ({@link RelayMark}), all sent in one transaction: when {@link #enqueue}
 * returns, the whole request is in the broker's journal, and the listener routes each message in
 * one transaction, so the drain sees it whole. It is sent at JMS's highest
 * priority: the broker hands higher priorities out first, so a producer's message, whatever
 * priority its sender set, is never taken before a REST batch sent earlier (at most beside it, in
 * order of arrival).
 */
@Stateless
public class IntakeGateway {

    /** JMS's highest priority (0 to 9): nothing a producer sends outranks REST's batches. */
    static final int PRIORITY = 9;

    @Inject
    JMSContext jms;

    @Resource(lookup = TraceTaskQueue.JNDI)
    Queue queue;

    @Inject
    RelayMark mark;

    @Inject
    RelayBatches batches;

    public void enqueue(List<TaskEnvelope> tasks) {
        // A tenant's token sends one tenant's tasks; a deployment's may name several.
        Map<String, JsonArrayBuilder> byTenant = new LinkedHashMap<>();
        tasks.forEach(t -> byTenant.computeIfAbsent(t.tenantId(), k -> Jsonp.createArrayBuilder()).add(t.toJson()));
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        // UTF-8 bytes: half the size of a TextMessage (UTF-16), so most batches stay regular messages.
        byTenant.forEach((tenant, batch) -> bodies.put(tenant, batches.seal(tenant, batch.build().toString().getBytes(StandardCharsets.UTF_8))));
        // The listener reads the relay's own message up to this size: never a 202 for one it would refuse.
        if (bodies.values().stream().anyMatch(body -> body.length > IntakeLimits.MAX_RELAY_BYTES)) {
            throw new Refusal(413, "payload_too_large", "The tasks written out for the queue are larger than "
                    + IntakeLimits.MAX_RELAY_BYTES + " bytes.");
        }
        // No Artemis duplicate id: a duplicate inside a transaction fails the commit (a resent
        // request would get a 500); the listener's task_id check makes resends harmless instead.
        bodies.forEach((tenant, body) -> jms.createProducer()
                .setDeliveryMode(DeliveryMode.PERSISTENT)
                .setPriority(PRIORITY)
                .setProperty(RelayMark.PROPERTY, mark.of(body))
                .setProperty(RelayBatches.SEALED_FOR, tenant)
                .send(queue, body));
    }
}
