package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.enterprise.EnterpriseTelemetry;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.outbox.AppRoutes.AppRoute;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.task.TaskEnvelope;

/**
 * Where a task goes: the app's enabled provider, if it is configured and the task belongs to
 * the app's tenant, and the enterprise collector while it is on (for every task, also of apps
 * without a provider). A task claiming another tenant's app goes nowhere.
 */
@Stateless
public class Destinations {

    public record Key(String destination, String provider) {
    }

    /** The tenant the task is stored under, and its destinations (maybe none). */
    public record Resolved(String tenantId, List<Key> keys) {
    }

    @Inject
    EnterpriseTelemetry enterprise;

    /** The routes of a message's tasks: tasks with the same app and tenant go the same way. */
    public record Routes(Map<String, Resolved> byAppAndTenant) {

        public Resolved of(TaskEnvelope task) {
            return byAppAndTenant.get(keyOf(task));
        }

        private static String keyOf(TaskEnvelope task) {
            return task.appId() + "|" + task.tenantId();
        }
    }

    /** The route of every task of a message, given the apps it names ({@link AppRoutes#of}). */
    public Routes resolveAll(Collection<TaskEnvelope> tasks, Map<String, AppRoute> apps) {
        Map<String, Resolved> routes = new HashMap<>();
        for (TaskEnvelope task : tasks) {
            routes.computeIfAbsent(Routes.keyOf(task),
                    k -> route(task, task.appId() == null ? null : apps.get(task.appId()), enterprise.enabled()));
        }
        return new Routes(routes);
    }

    /** One task's route, given its app (or null) and whether enterprise telemetry is on. */
    static Resolved route(TaskEnvelope task, AppRoute app, boolean enterpriseOn) {
        if (app != null && task.tenantId() != null && !app.belongsTo(task.tenantId())) {
            return new Resolved(task.tenantId(), List.of());
        }
        List<Key> keys = new ArrayList<>(2);
        if (app != null && app.activeProvider() != null && app.configured()) {
            keys.add(new Key(RouteKey.of(app.activeProvider(), app.appId()).value(), app.activeProvider()));
        }
        if (enterpriseOn) {
            keys.add(new Key(EnterpriseTelemetry.DESTINATION, EnterpriseTelemetry.DESTINATION));
        }
        return new Resolved(app != null ? app.tenantId() : task.tenantId(), keys);
    }
}
