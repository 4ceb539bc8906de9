package org.tracerelay.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.intake.IntakeAdmission;
import org.tracerelay.intake.IntakeGateway;
import org.tracerelay.intake.ReadingMemory;
import org.tracerelay.json.JsonText;
import org.tracerelay.json.Jsonp;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.IntakeLimits;
import org.tracerelay.task.RequestContext;
import org.tracerelay.task.TaskEnvelope;

/**
 * {@code POST /api/v1/trace-tasks}: one envelope or an array. All or nothing: any bad item and
 * nothing is queued. 202 only after the broker has the tasks in its journal.
 */
@Path("trace-tasks")
@RolesAllowed("producer")
public class TraceTaskResource {

    @Inject
    Caller caller;

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

    /** How long a request waits for room to read its body before 429 (large ones take under a second each). */
    private static final Duration READ_WAIT = Duration.ofSeconds(10);

    /** Set on a 202 that intake slowed because the request's apps' deliveries fall behind: the ms it waited. */
    static final String PACED_HEADER = "Trace-Relay-Paced-Ms";

    private final EnvelopeValidator validator = new EnvelopeValidator();

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response accept(InputStream body,
                           @HeaderParam("Content-Length") Long contentLength,
                           @HeaderParam("X-Trace-Id") String xTraceId,
                           @HeaderParam("traceparent") String traceparent,
                           @HeaderParam("X-Trace-Session-Id") String sessionHeader) {
        try {
            if (contentLength != null && contentLength > IntakeLimits.MAX_BYTES) {
                throw tooLarge();
            }
            // Without a length the body may be as large as allowed.
            try (ReadingMemory.Lease lease = memory.reserve(contentLength == null ? IntakeLimits.MAX_BYTES : contentLength, READ_WAIT)) {
                if (lease == null) {
                    throw Refusal.rateLimited("This node is reading as many large bodies as it has room for; retry shortly.", 1);
                }
                return acceptChecked(body, xTraceId, traceparent, sessionHeader);
            }
        } catch (Refusal refused) {
            metrics.rejected(refused.code());
            throw refused;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.rateLimited("Interrupted while waiting for room to read the body.", 1);
        }
    }

    private Response acceptChecked(InputStream body, String xTraceId, String traceparent, String sessionHeader) {
        List<JsonValue> items = parse(body);
        String session;
        try {
            session = RequestContext.sessionId(sessionHeader).orElse(null);
        } catch (IllegalArgumentException e) {
            throw invalid(List.of(new Violation("X-Trace-Session-Id", e.getMessage())));
        }
        String externalTraceId = RequestContext.externalTraceId(xTraceId, traceparent);
        String tenant = caller.tenantId();

        List<EnvelopeValidator.Result> results = new ArrayList<>(items.size());
        Set<String> appIds = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            EnvelopeValidator.Result r = validator.validate(items.get(i), "items[" + i + "]");
            results.add(r);
            if (r.valid() && r.envelope().appId() != null) {
                appIds.add(r.envelope().appId());
            }
        }
        Set<String> owned = appRoutes.owned(tenant, appIds);
        List<Violation> violations = new ArrayList<>();
        Map<String, TaskEnvelope> tasks = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "items[" + i + "]";
            EnvelopeValidator.Result r = results.get(i);
            violations.addAll(r.violations());
            if (!r.valid()) {
                continue;
            }
            TaskEnvelope task = r.envelope();
            if (task.tenantId() != null && !task.tenantId().equals(tenant)) {
                violations.add(new Violation(path + ".tenant_id", "does not match the token's tenant"));
            } else if (task.appId() != null && !owned.contains(task.appId())) {
                violations.add(new Violation(path + ".app_id", "no such app for this tenant"));
            } else {
                try {
                    tasks.putIfAbsent(task.taskId(), task.withTenant(tenant).withRequestContext(externalTraceId, session));
                } catch (IllegalArgumentException e) {
                    violations.add(new Violation(path + ".trace_info.metadata", e.getMessage()));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        // Without violations every app the request names is the tenant's: the ones to pace by.
        long paced = admission.admit(tenant, owned, tasks.size());
        if (paced > 0) {
            admission.pace(tenant, paced);
            metrics.paced(paced);
        }
        gateway.enqueue(List.copyOf(tasks.values()));
        var ids = Jsonp.createArrayBuilder();
        tasks.keySet().forEach(ids::add);
        Response.ResponseBuilder accepted = Response.accepted(Jsonp.createObjectBuilder().add("accepted", tasks.size())
                .add("task_ids", ids).build().toString()).type(MediaType.APPLICATION_JSON);
        if (paced > 0) {
            accepted.header(PACED_HEADER, paced);
        }
        return accepted.build();
    }

    /** Read as it streams, within the intake limits: an excess is refused before the rest is read. */
    private static List<JsonValue> parse(InputStream body) {
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
