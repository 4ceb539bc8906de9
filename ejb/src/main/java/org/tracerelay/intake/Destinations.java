package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.registry.DeploymentDestinations;
import org.tracerelay.outbox.AppRoutes.AppRoute;
import org.tracerelay.outbox.AppRoutes;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.task.TaskEnvelope;

/**
 * Where a task goes: the app's enabled provider, if it is configured and the task belongs to
 * the app's tenant, and each deployment-wide destination while it is on (the enterprise
 * collector: for every task, also of apps without a provider). A task claiming another tenant's
 * app goes nowhere.
 */
@Stateless
public class Destinations {

    public record Key(String destination, String provider) {
    }

    /** The tenant the task is stored under, and its destinations (maybe none). */
    public record Resolved(String tenantId, List<Key> keys) {
    }

    @Inject
    DeploymentDestinations deploymentWide;

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
        List<String> everyTask = deploymentWide.enabledKeys();
        for (TaskEnvelope task : tasks) {
            routes.computeIfAbsent(Routes.keyOf(task),
                    k -> route(task, task.appId() == null ? null : apps.get(task.appId()), everyTask));
        }
        return new Routes(routes);
    }

    /** One task's route, given its app (or null) and the deployment-wide destinations on now. */
    static Resolved route(TaskEnvelope task, AppRoute app, List<String> everyTask) {
        if (app != null && task.tenantId() != null && !app.belongsTo(task.tenantId())) {
            return new Resolved(task.tenantId(), List.of());
        }
        List<Key> keys = new ArrayList<>(1 + everyTask.size());
        if (app != null && app.activeProvider() != null && app.configured()) {
            keys.add(new Key(RouteKey.of(app.activeProvider(), app.appId()).value(), app.activeProvider()));
        }
        everyTask.forEach(key -> keys.add(new Key(key, key)));
        return new Resolved(app != null ? app.tenantId() : task.tenantId(), keys);
    }
}
