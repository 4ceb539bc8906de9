package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tracerelay.outbox.AppRoutes.AppRoute;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

/** Where a task goes, decided without a database. */
class DestinationsTest {

    /** The deployment-wide destinations on: the enterprise collector, or none. */
    static final List<String> ENTERPRISE_ON = List.of("enterprise");
    static final List<String> NONE = List.of();

    /** App 1 of {@code tenant} with tracing on to {@code provider} (null: off), whose stored configs are {@code configured}. */
    static AppRoute app(String tenant, String provider, Set<String> configured) {
        return new AppRoute("app-1", tenant, provider, provider != null && configured.contains("app-1|" + provider));
    }

    static TaskEnvelope task(String tenant) {
        return new TaskEnvelope("task-1", "app-1", tenant, TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT);
    }

    static List<String> destinations(Destinations.Resolved r) {
        return r.keys().stream().map(Destinations.Key::destination).toList();
    }

    @Test
    void theAppsEnabledAndConfiguredProviderAndTheEnterpriseCollector() {
        Destinations.Resolved r = Destinations.route(task("acme"), app("acme", "langfuse", Set.of("app-1|langfuse")), ENTERPRISE_ON);
        assertEquals("acme", r.tenantId());
        assertEquals(List.of("langfuse/app-1", "enterprise"), destinations(r));
    }

    @Test
    void anEnabledProviderWithoutAStoredConfigIsNoDestination() {
        Destinations.Resolved r = Destinations.route(task("acme"), app("acme", "langfuse", Set.of("app-1|otlp")), NONE);
        assertEquals(List.of(), destinations(r));
    }

    @Test
    void tracingOffLeavesOnlyTheEnterpriseCollector() {
        assertEquals(List.of("enterprise"),
                destinations(Destinations.route(task("acme"), app("acme", null, Set.of("app-1|langfuse")), ENTERPRISE_ON)));
    }

    @Test
    void aTaskClaimingAnotherTenantsAppGoesNowhereAndKeepsItsOwnTenant() {
        Destinations.Resolved r = Destinations.route(task("intruder"), app("acme", "langfuse", Set.of("app-1|langfuse")), ENTERPRISE_ON);
        assertEquals("intruder", r.tenantId());
        assertEquals(List.of(), destinations(r));
    }

    @Test
    void aTaskWithoutTenantIsStoredUnderTheAppsTenant() {
        Destinations.Resolved r = Destinations.route(task(null), app("acme", "langfuse", Set.of("app-1|langfuse")), NONE);
        assertEquals("acme", r.tenantId());
        assertEquals(List.of("langfuse/app-1"), destinations(r));
    }
}
