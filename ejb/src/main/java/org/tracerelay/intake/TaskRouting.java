package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.tracerelay.crypto.Sealing;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.domain.RowIds;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.domain.task.RejectedTask;
import org.tracerelay.domain.task.TraceTask;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.outbox.AppRoutes.AppRoute;
import org.tracerelay.outbox.OutboxRows;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * Turns a consumed message into stored work in one transaction, committed before the listener
 * acknowledges the message: the tasks, sealed, in parcels of the tasks that go the same way, plus
 * one delivery per parcel and destination (the outbox). A
 * message that is not a valid task is recorded as rejected and forwarded to the dead-letter
 * queue, in the same transaction; a producer's message over its tenant's backlog quota is put
 * back on the queue for later ({@link QuotaDeferral}).
 */
@Stateless
public class TaskRouting {

    private static final Logger LOG = Logger.getLogger(TaskRouting.class.getName());

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    @Inject
    Destinations destinations;

    @Inject
    OutboxRows outbox;

    @Inject
    AppRoutes appRoutes;

    @Inject
    RelayMetrics metrics;

    @Inject
    UsedRelayMarks usedMarks;

    @Inject
    JMSContext jms;

    @Resource(lookup = TraceTaskQueue.DEAD_LETTER_JNDI)
    Queue deadLetters;

    @Resource(lookup = TraceTaskQueue.JNDI)
    Queue traceTasks;

    @Inject
    TraceTaskIntake intake;

    /** How long a producer's message may wait for its tenant's quota before it is dead-lettered. */
    @Inject
    @ConfigProperty(name = "trace.intake.jms.max-deferral", defaultValue = "PT24H")
    java.time.Duration maxDeferral;

    private final MessageTasks reader = new MessageTasks();

    /** A parcel is claimed whole, so it holds at most one drain batch. */
    @Inject
    @ConfigProperty(name = "trace.queue.manager.batch.size", defaultValue = "100")
    int parcelSize;

    /** A message consumed for the first time, by its own id. */
    public void receive(byte[] body, String messageId, Sender sender) {
        receive(body, sender, QuotaDeferral.none(messageId));
    }

    /** A consumed message; {@code queued} names it by the id its producer's send was given. */
    public void receive(byte[] body, Sender sender, QuotaDeferral queued) {
        String messageId = queued.originalId();
        TraceTask.Source source = sender.source();
        if (sender.refusal() != null) {
            reject(body, messageId, source, List.of(new Violation("", sender.refusal())));
            return;
        }
        boolean markUsedBefore = sender.isRelay() && !usedMarks.use(sender.mark());
        MessageTasks.Read read = reader.read(body, messageId, sender.isRelay());
        List<TaskEnvelope> tasks = read.tasks();
        List<Violation> violations = new ArrayList<>(read.violations());
        if (!violations.isEmpty()) {
            reject(body, messageId, source, violations, "invalid_jms_message", -1, sealedFor(sender));
            return;
        }
        // Read once: a producer's ownership check and the routes alike.
        Map<String, AppRoute> apps = appRoutes.of(tasks.stream().map(TaskEnvelope::appId).filter(Objects::nonNull).distinct().toList());
        if (sender.isProducer()) {
            try {
                tasks = intake.admitQueued(sender.producer(), tasks, apps);
            } catch (Refusal refused) {
                if (refused.status() == 429) {
                    defer(body, queued, source, refused);
                } else {
                    reject(body, messageId, source, refused.violations());
                }
                return;
            }
        }
        Instant now = Instant.now();
        Destinations.Routes routes = destinations.resolveAll(tasks, apps);
        Set<String> known = storedIds(tasks);
        if (markUsedBefore) {
            // Taken before: redelivered after the commit that stored its tasks (after a crash the
            // broker may not flag it as redelivered), or a copy sent again, which stores nothing.
            if (!tasks.stream().allMatch(t -> known.contains(tenantTaskKey(routes.of(t).tenantId(), t.taskId())))) {
                reject(body, messageId, TraceTask.Source.JMS, List.of(new Violation("",
                        "relay mark already used: a copy of a message the relay already took")), "invalid_jms_message", -1,
                        sealedFor(sender));
            }
            return;
        }
        List<OutboxRows.TaskRow> taskRows = new ArrayList<>(tasks.size());
        List<OutboxRows.DeliveryRow> deliveryRows = new ArrayList<>();
        for (Parcel parcel : parcels(tasks, routes::of, known, parcelSize)) {
            String parcelId = RowIds.next(now.toEpochMilli());
            for (int i = 0; i < parcel.tasks().size(); i++) {
                TaskEnvelope task = parcel.tasks().get(i);
                taskRows.add(taskRow(task, read.textOf(task), parcel.route(), source, Delivery.taskRowIdOf(parcelId, i)));
            }
            for (Destinations.Key key : parcel.route().keys()) {
                deliveryRows.add(new OutboxRows.DeliveryRow(parcelId, parcel.route().tenantId(), parcel.appId(),
                        key.destination(), key.provider(), parcel.tasks().size()));
            }
        }
        outbox.insert(taskRows, deliveryRows, now);
    }

    /** A message's new tasks of one app (or none) going one way: stored and delivered together. */
    record Parcel(String appId, Destinations.Resolved route, List<TaskEnvelope> tasks) {
    }

    private record Way(String appId, Destinations.Resolved route) {
    }

    /**
     * The message's tasks not stored before ({@code known}: tenant|task_id, added to), in parcels of
     * at most {@code size} per app and route, in the message's order. A parcel is claimed whole,
     * so it holds at most one drain batch; a parcel's rows are listed under its app.
     */
    static List<Parcel> parcels(List<TaskEnvelope> tasks, Function<TaskEnvelope, Destinations.Resolved> routeOf,
                                Set<String> known, int size) {
        Map<Way, List<TaskEnvelope>> byWay = new LinkedHashMap<>();
        for (TaskEnvelope task : tasks) {
            Destinations.Resolved resolved = routeOf.apply(task);
            // The same task_id again from the same tenant: accepted once, never duplicated.
            if (known.add(tenantTaskKey(resolved.tenantId(), task.taskId()))) {
                byWay.computeIfAbsent(new Way(task.appId(), resolved), k -> new ArrayList<>()).add(task);
            }
        }
        List<Parcel> parcels = new ArrayList<>();
        byWay.forEach((way, routed) -> {
            for (int from = 0; from < routed.size(); from += size) {
                parcels.add(new Parcel(way.appId(), way.route(), List.copyOf(routed.subList(from, Math.min(routed.size(), from + size)))));
            }
        });
        return parcels;
    }

    /** tenant|task_id of the message's tasks already stored: task ids are unique per tenant. */
    private Set<String> storedIds(List<TaskEnvelope> tasks) {
        Set<String> known = new HashSet<>();
        outbox.storedTasks(tasks.stream().map(TaskEnvelope::taskId).distinct().toList(),
                (tenantId, taskId) -> known.add(tenantTaskKey(tenantId, taskId)));
        return known;
    }

    private static String tenantTaskKey(String tenantId, String taskId) {
        return (tenantId == null ? "" : tenantId) + "|" + taskId;
    }

    /**
     * The row of a task stamped with its route's tenant. A relay's task that already names that
     * tenant is stored as the text REST wrote (the same envelope), not written out again.
     */
    private OutboxRows.TaskRow taskRow(TaskEnvelope task, String text, Destinations.Resolved resolved, TraceTask.Source source, String rowId) {
        String json = text != null && Objects.equals(task.tenantId(), resolved.tenantId())
                ? text : task.withTenant(resolved.tenantId()).toJson().toString();
        TraceTask.Routing routing = resolved.keys().isEmpty() ? TraceTask.Routing.NO_DESTINATION : TraceTask.Routing.ROUTED;
        return new OutboxRows.TaskRow(rowId, task.taskId(), resolved.tenantId(), task.appId(), task.type().name(), source, routing,
                sealing.sealPayload(resolved.tenantId(), task.taskId(), json));
    }

    /**
     * A message refused before its body was read (too large to read): recorded and dead-lettered
     * with the reason and its size, without its body.
     */
    public void refuseUnread(String messageId, long size, String reason) {
        reject(null, messageId, TraceTask.Source.JMS, List.of(new Violation("", reason)), "invalid_jms_message", size);
    }

    /**
     * Puts a producer's message over its quota back on the queue, delayed, in this transaction (the
     * original is acknowledged after it commits); after {@code trace.intake.jms.max-deferral}, to
     * the dead-letter queue instead. Either way it is counted.
     */
    private void defer(byte[] body, QuotaDeferral queued, TraceTask.Source source, Refusal overQuota) {
        Instant now = Instant.now();
        if (queued.expired(now, maxDeferral)) {
            reject(body, queued.originalId(), source, List.of(new Violation("", "over quota for longer than " + maxDeferral
                    + ": " + overQuota.getMessage())), "over_quota", -1);
            return;
        }
        JMSProducer copy = jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).setPriority(QuotaDeferral.PRIORITY)
                .setDeliveryDelay(queued.nextDelay(overQuota.retryAfterSeconds()).toMillis())
                .setProperty(QuotaDeferral.ORIGINAL_ID, queued.originalId())
                .setProperty(QuotaDeferral.SINCE, queued.sinceOr(now).toEpochMilli())
                .setProperty(QuotaDeferral.COUNT, queued.count() + 1);
        if (queued.token() != null) {
            copy.setProperty(ProducerTokens.PROPERTY, queued.token());
        }
        copy.send(traceTasks, body == null ? new byte[0] : body);
        metrics.deferred();
        LOG.fine(() -> "deferred trace task message " + queued.originalId() + " over quota: " + overQuota.getMessage());
    }

    private void reject(byte[] body, String messageId, TraceTask.Source source, List<Violation> violations) {
        reject(body, messageId, source, violations, "invalid_jms_message", -1);
    }

    private void reject(byte[] body, String messageId, TraceTask.Source source, List<Violation> violations, String why,
                        long unreadSize) {
        reject(body, messageId, source, violations, why, unreadSize, null);
    }

    /** The tenant a relay's batch was sealed for: its dead letter is sealed again for it, never plaintext. */
    private static String sealedFor(Sender sender) {
        return sender.isRelay() ? sender.sealedFor() : null;
    }

    private void reject(byte[] body, String messageId, TraceTask.Source source, List<Violation> violations, String why,
                        long unreadSize, String sealedFor) {
        String reason = violations.stream().map(v -> (v.path().isEmpty() ? "" : v.path() + ": ") + v.message())
                .collect(Collectors.joining("; "));
        em.persist(new RejectedTask(source, messageId, reason, Instant.now()));
        metrics.rejected(why);
        JMSProducer dead = jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                .setProperty(TraceTaskQueue.REJECT_REASON_PROPERTY, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
        if (unreadSize >= 0) {
            dead.setProperty(TraceTaskQueue.UNREAD_SIZE_PROPERTY, unreadSize);
        }
        if (sealedFor != null && body != null) {
            dead.setProperty(RelayBatches.SEALED_FOR, sealedFor).send(deadLetters, sealing.sealBatch(sealedFor, body));
        } else {
            dead.send(deadLetters, body == null ? "" : new String(body, StandardCharsets.UTF_8));
        }
        LOG.warning(() -> "rejected trace task message " + messageId + ": " + violations.size() + " problem(s)");
    }
}
