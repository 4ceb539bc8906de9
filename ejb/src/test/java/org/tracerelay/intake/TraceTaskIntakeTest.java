package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.TaskEnvelope;

/**
 * Intake as one use case: whose each task is, decided by one rule for a tenant's token and a
 * deployment's, over REST ({@link TraceTaskIntake#accept}) and JMS ({@link TraceTaskIntake#admitQueued})
 * alike; all or nothing; quotas per task's tenant.
 */
class TraceTaskIntakeTest {

    private static final String ACME_APP = "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c";
    private static final String GLOBEX_APP = "7b2d4f6a-1c3e-4a5b-8d7f-9e0a1b2c3d4e";
    private static final String INITECH_APP = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    /** Which tenant owns which app. */
    private static final Map<String, String> OWNERS = Map.of(ACME_APP, "acme", GLOBEX_APP, "globex", INITECH_APP, "initech");

    private final List<TaskEnvelope> enqueued = new ArrayList<>();
    /** tenant -> tasks admitted under its quota. */
    private final Map<String, Integer> admitted = new LinkedHashMap<>();
    /** tenant -> the apps it was admitted for. */
    private final Map<String, Set<String>> admittedApps = new HashMap<>();
    /** Tenants the apps were read for: every read is scoped by one tenant. */
    private final List<String> ownershipReads = new ArrayList<>();
    private final TraceTaskIntake intake = intake();

    private TraceTaskIntake intake() {
        TraceTaskIntake intake = new TraceTaskIntake();
        intake.appRoutes = new AppRoutes() {
            @Override
            public Set<String> owned(String tenant, Collection<String> appIds) {
                ownershipReads.add(tenant);
                Set<String> owned = new HashSet<>();
                appIds.stream().filter(a -> tenant.equals(OWNERS.get(a))).forEach(owned::add);
                return owned;
            }
        };
        intake.gateway = new IntakeGateway() {
            @Override
            public void enqueue(List<TaskEnvelope> tasks) {
                enqueued.addAll(tasks);
            }
        };
        intake.admission = new IntakeAdmission() {
            @Override
            public long admit(String tenant, Collection<String> appIds, int tasks) {
                admitQueued(tenant, appIds, tasks);
                return 0;
            }

            @Override
            public void admitQueued(String tenant, Collection<String> appIds, int tasks) {
                admitted.merge(tenant, tasks, Integer::sum);
                admittedApps.computeIfAbsent(tenant, t -> new HashSet<>()).addAll(appIds);
            }
        };
        intake.metrics = new RelayMetrics();
        intake.memory = new ReadingMemory(64);
        return intake;
    }

    @Test
    void aTenantsTasksAreItsOwnAndNameOnlyItsApps() throws Exception {
        TraceTaskIntake.Accepted accepted = post(Producer.tenant("acme"), task(ACME_APP, null), task(ACME_APP, "acme"));
        assertEquals(2, accepted.taskIds().size());
        assertEquals(List.of("acme", "acme"), enqueued.stream().map(TaskEnvelope::tenantId).toList());
        assertEquals(Map.of("acme", 2), admitted);

        Refusal refused = assertThrows(Refusal.class, () -> post(Producer.tenant("acme"),
                task(ACME_APP, null), task(ACME_APP, "globex"), task(GLOBEX_APP, null)));
        assertEquals(400, refused.status());
        assertEquals("invalid_trace_task", refused.code());
        assertEquals(List.of(new Violation("items[1].tenant_id", "does not match the producer token's tenant"),
                new Violation("items[2].app_id", "no such app for this tenant")), refused.violations());
        assertEquals(2, enqueued.size(), "nothing of the refused request is queued");
    }

    @Test
    void restAndJmsRefuseTheSameTasksForTheSameReasons() throws Exception {
        Producer acme = Producer.tenant("acme");
        List<JsonObject> items = List.of(task(ACME_APP, null), task(ACME_APP, "globex"), task(GLOBEX_APP, null));
        Refusal rest = assertThrows(Refusal.class, () -> post(acme, items.toArray(JsonObject[]::new)));
        Refusal jms = assertThrows(Refusal.class, () -> intake.admitQueued(acme, envelopes(items), routes()));
        assertEquals(rest.violations(), jms.violations());
        assertEquals(400, jms.status());
    }

    @Test
    void aJmsProducersTasksAreStampedAndAdmittedUnderTheirTenant() throws Exception {
        List<TaskEnvelope> stamped = intake.admitQueued(Producer.tenant("acme"), envelopes(List.of(task(ACME_APP, null))), routes());
        assertEquals("acme", stamped.get(0).tenantId());
        assertEquals(Map.of("acme", 1), admitted);
    }

    @Test
    void aDeploymentsTasksLandEachInTheTenantItNames() throws Exception {
        Producer dify = Producer.deployment("dify-prod", List.of("acme", "globex"));
        TraceTaskIntake.Accepted accepted = post(dify, task(ACME_APP, "acme"), task(GLOBEX_APP, "globex"),
                task("tenant-globex", null), task(ACME_APP, "acme"));
        assertEquals(4, accepted.taskIds().size());
        assertEquals(List.of("acme", "globex", "globex", "acme"), enqueued.stream().map(TaskEnvelope::tenantId).toList());
        assertEquals(Map.of("acme", 2, "globex", 2), admitted, "each tenant's quota counts its own tasks");
        assertEquals(Set.of(ACME_APP), admittedApps.get("acme"));
        assertEquals(Set.of(GLOBEX_APP), admittedApps.get("globex"));
        assertEquals(List.of("acme", "globex"), ownershipReads, "apps read per tenant, scoped");
    }

    @Test
    void aDeploymentWritesOnlyForTheTenantsItsTokenLists() throws Exception {
        Producer dify = Producer.deployment("dify-prod", List.of("acme", "globex"));
        Refusal refused = assertThrows(Refusal.class, () -> post(dify, task(ACME_APP, "acme"), task(ACME_APP, null),
                task(INITECH_APP, "initech"), task("tenant-initech", null), task(INITECH_APP, "acme")));
        assertEquals(400, refused.status());
        assertEquals("invalid_trace_task", refused.code());
        assertEquals(List.of("items[1].tenant_id", "items[2].tenant_id", "items[3].tenant_id", "items[4].app_id"),
                refused.violations().stream().map(Violation::path).toList());
        assertTrue(refused.violations().get(0).message().contains("is required"), refused.violations().get(0).message());
        assertTrue(refused.violations().get(1).message().contains("not one of the tenants"), refused.violations().get(1).message());
        assertEquals("no such app for this tenant", refused.violations().get(3).message(), "an app of another tenant: as for a tenant's token");
        assertEquals(List.of(), enqueued, "nothing of the refused request is queued");
        assertEquals(Map.of(), admitted);
    }

    @Test
    void aDeploymentsJmsMessageIsHeldToTheSameRule() throws Exception {
        Producer dify = Producer.deployment("dify-prod", List.of("acme", "globex"));
        List<TaskEnvelope> stamped = intake.admitQueued(dify, envelopes(List.of(task(ACME_APP, "acme"), task("tenant-globex", null))), routes());
        assertEquals(List.of("acme", "globex"), stamped.stream().map(TaskEnvelope::tenantId).toList());
        assertEquals(Map.of("acme", 1, "globex", 1), admitted);
        Refusal refused = assertThrows(Refusal.class, () -> intake.admitQueued(dify,
                envelopes(List.of(task(ACME_APP, "acme"), task(INITECH_APP, "initech"))), routes()));
        assertEquals(List.of("items[1].tenant_id"), refused.violations().stream().map(Violation::path).toList());
    }

    private TraceTaskIntake.Accepted post(Producer producer, JsonObject... items) throws IOException {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (JsonObject item : items) {
            array.add(item);
        }
        byte[] body = array.build().toString().getBytes(StandardCharsets.UTF_8);
        return intake.accept(producer, new ByteArrayInputStream(body), (long) body.length, new TraceTaskIntake.Context(null, null, null));
    }

    /** The validated envelopes of a JMS message's items, as {@link MessageTasks} reads them. */
    private static List<TaskEnvelope> envelopes(List<JsonObject> items) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        items.forEach(array::add);
        MessageTasks.Read read = new MessageTasks().read(array.build().toString().getBytes(StandardCharsets.UTF_8), "ID:1", false);
        assertTrue(read.violations().isEmpty(), read.violations().toString());
        return read.tasks();
    }

    /** The apps as routing reads them: every app, with its owner. */
    private static Map<String, AppRoutes.AppRoute> routes() {
        Map<String, AppRoutes.AppRoute> routes = new HashMap<>();
        OWNERS.forEach((app, tenant) -> routes.put(app, new AppRoutes.AppRoute(app, tenant, null, false)));
        return routes;
    }

    /** A moderation task (Dify's worker form) of {@code app}: "tenant-&lt;id&gt;" or a UUID; with tenant_id when given. */
    static JsonObject task(String app, String tenant) throws IOException {
        String text = Files.readString(Path.of("..", "integration-tests", "src", "test", "resources", "dify-worker",
                "ModerationTraceInfo.json"), StandardCharsets.UTF_8).replace("{{app_id}}", app.startsWith("tenant-") ? ACME_APP : app);
        JsonObjectBuilder b = Json.createObjectBuilder(Json.createReader(new StringReader(text)).readObject()).add("app_id", app);
        return (tenant == null ? b.remove("tenant_id") : b.add("tenant_id", tenant)).build();
    }
}
