package org.tracerelay.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tracerelay.json.JsonText;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.IntakeLimits;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;

/**
 * Accepting a producer's trace tasks, the one use case behind REST and JMS: the items read within
 * the intake limits and validated, each stamped with its tenant under {@link TaskOwnership}, the
 * backlog quotas of each task's tenant, then queued. All or nothing: any bad item and nothing is
 * queued (400 with every item's problem); over a quota, nothing (429). A REST request's tasks go on
 * the broker ({@link IntakeGateway}) before it is answered; a JMS message is on it already, and
 * {@link TaskRouting} stores the tasks {@link #admitQueued} lets through.
 */
@ApplicationScoped
public class TraceTaskIntake {

    /** How long a request waits for room to read its body before 429 (large ones take under a second each). */
    private static final Duration READ_WAIT = Duration.ofSeconds(10);

    @Inject
    AppRoutes appRoutes;

    @Inject
    IntakeGateway gateway;

    @Inject
    IntakeAdmission admission;

    @Inject
    RelayMetrics metrics;

    @Inject
    ReadingMemory memory;

    private final EnvelopeValidator validator = new EnvelopeValidator();

    /** What a request says besides its body: the raw headers of the contract's intake. */
    public record Context(String xTraceId, String traceparent, String sessionHeader) {
    }

    /** The ids of the tasks queued, in the request's order, and how long intake slowed the answer (ms). */
    public record Accepted(List<String> taskIds, long pacedMillis) {
    }

    /**
     * A request's body, of {@code contentLength} bytes when known: read as it streams, within the
     * intake limits and the heap this node gives bodies being read; accepted or refused whole.
     */
    public Accepted accept(Producer producer, InputStream body, Long contentLength, Context context) {
        try {
            if (contentLength != null && contentLength > IntakeLimits.MAX_BYTES) {
                throw tooLarge();
            }
            // Without a length the body may be as large as allowed.
            try (ReadingMemory.Lease lease = memory.reserve(contentLength == null ? IntakeLimits.MAX_BYTES : contentLength, READ_WAIT)) {
                if (lease == null) {
                    throw Refusal.rateLimited("This node is reading as many large bodies as it has room for; retry shortly.", 1);
                }
                return accept(producer, items(body), context);
            }
        } catch (Refusal refused) {
            metrics.rejected(refused.code());
            throw refused;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.rateLimited("Interrupted while waiting for room to read the body.", 1);
        }
    }

    private Accepted accept(Producer producer, List<JsonValue> items, Context context) {
        String session;
        try {
            session = RequestContext.sessionId(context.sessionHeader()).orElse(null);
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new Violation("X-Trace-Session-Id", e.getMessage())));
        }
        String externalTraceId = RequestContext.externalTraceId(context.xTraceId(), context.traceparent());

        List<EnvelopeValidator.Result> results = new ArrayList<>(items.size());
        Map<String, Set<String>> appsByTenant = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            EnvelopeValidator.Result r = validator.validate(items.get(i), "items[" + i + "]");
            results.add(r);
            String tenant = r.valid() ? TaskOwnership.tenantOf(producer, r.envelope()) : null;
            if (tenant != null && r.envelope().appId() != null) {
                appsByTenant.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).add(r.envelope().appId());
            }
        }
        // One scoped read per tenant the request names (a tenant's token: one).
        Map<String, Set<String>> owned = new HashMap<>();
        appsByTenant.forEach((tenant, appIds) -> owned.put(tenant, appRoutes.owned(tenant, appIds)));
        TaskOwnership.AppOwners owners = (tenant, appId) -> owned.getOrDefault(tenant, Set.of()).contains(appId);

        List<Violation> violations = new ArrayList<>();
        // tenant|task_id: the same id again from the same tenant is accepted once.
        Map<String, TaskEnvelope> tasks = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "items[" + i + "]";
            EnvelopeValidator.Result r = results.get(i);
            violations.addAll(r.violations());
            if (!r.valid()) {
                continue;
            }
            Violation refused = TaskOwnership.check(producer, r.envelope(), path, owners);
            if (refused != null) {
                violations.add(refused);
                continue;
            }
            String tenant = TaskOwnership.tenantOf(producer, r.envelope());
            try {
                tasks.putIfAbsent(tenant + "|" + r.envelope().taskId(),
                        r.envelope().withTenant(tenant).withRequestContext(externalTraceId, session));
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(path + ".trace_info.metadata", e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        long paced = paced(tasks.values(), appsByTenant);
        gateway.enqueue(List.copyOf(tasks.values()));
        return new Accepted(tasks.values().stream().map(TaskEnvelope::taskId).toList(), paced);
    }

    /**
     * Admits the tasks under each tenant's quotas, then slows the answer by what each tenant's
     * lagging apps ask for ({@link IntakeAdmission#pace}). Without violations every app the
     * request names is its tenant's: the ones to pace by.
     */
    private long paced(Iterable<TaskEnvelope> tasks, Map<String, Set<String>> appsByTenant) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        tasks.forEach(t -> counts.merge(t.tenantId(), 1, Integer::sum));
        Map<String, Long> waits = new LinkedHashMap<>();
        counts.forEach((tenant, n) -> waits.put(tenant, admission.admit(tenant, appsByTenant.getOrDefault(tenant, Set.of()), n)));
        long paced = 0;
        for (Map.Entry<String, Long> wait : waits.entrySet()) {
            if (wait.getValue() > 0) {
                admission.pace(wait.getKey(), wait.getValue());
                paced += wait.getValue();
            }
        }
        if (paced > 0) {
            metrics.paced(paced);
        }
        return paced;
    }

    /**
     * A JMS producer's message, already read and validated ({@link MessageTasks}): its tasks stamped
     * with their tenants and admitted under each tenant's quotas ({@link IntakeAdmission#admitQueued},
     * never paced). Refused with 400 and the violations when a task may not be sent as the
     * producer's, with 429 when a tenant is over its quota. {@code apps}: the apps the tasks name.
     */
    List<TaskEnvelope> admitQueued(Producer producer, List<TaskEnvelope> tasks, Map<String, AppRoutes.AppRoute> apps) {
        List<Violation> violations = new ArrayList<>();
        List<TaskEnvelope> stamped = TaskOwnership.stamped(producer, tasks,
                (tenant, appId) -> apps.get(appId) != null && apps.get(appId).belongsTo(tenant), violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        Map<String, List<TaskEnvelope>> byTenant = new LinkedHashMap<>();
        stamped.forEach(t -> byTenant.computeIfAbsent(t.tenantId(), k -> new ArrayList<>()).add(t));
        byTenant.forEach((tenant, ofTenant) -> admission.admitQueued(tenant,
                ofTenant.stream().map(TaskEnvelope::appId).filter(Objects::nonNull).distinct().toList(), ofTenant.size()));
        return stamped;
    }

    /** Read as it streams, within the intake limits: an excess is refused before the rest is read. */
    private static List<JsonValue> items(InputStream body) {
        List<JsonValue> items;
        try {
            items = JsonText.values(body, IntakeLimits.REQUEST);
        } catch (JsonText.OverBounds e) {
            throw switch (e.bound()) {
                case BYTES -> tooLarge();
                case VALUES -> new Refusal(413, "payload_too_large", "The body holds more than " + IntakeLimits.MAX_VALUES + " JSON values.");
                case ITEMS -> invalid(List.of(new Violation("items", "at most " + IntakeLimits.MAX_ITEMS + " tasks per request")));
                case DEPTH -> invalid(List.of(new Violation(e.path(), e.getMessage())));
            };
        } catch (JsonException e) {
            throw invalid(List.of(new Violation("", "malformed JSON")));
        }
        if (items.isEmpty()) {
            throw invalid(List.of(new Violation("items", "must hold at least one task")));
        }
        return items;
    }

    private static Refusal invalid(List<Violation> violations) {
        return new Refusal(400, "invalid_trace_task", "The request holds no valid trace task batch.", violations);
    }

    private static Refusal tooLarge() {
        return new Refusal(413, "payload_too_large", "The body is larger than 20 MiB.");
    }
}
