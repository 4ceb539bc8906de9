package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tracerelay.domain.app.App;
import org.tracerelay.export.enterprise.EnterpriseTelemetry;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.task.TaskEnvelope;

/**
 * Where a task goes: the app's enabled provider, if it is configured and the task belongs to
 * the app's tenant, and the enterprise collector while it is on (for every task, also of apps
 * without a provider). A task claiming another tenant's app goes nowhere.
 */
@Stateless
public class Destinations {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

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

    /** The route of every task of a message, in two queries however many apps it names. */
    public Routes resolveAll(Collection<TaskEnvelope> tasks) {
        List<String> appIds = tasks.stream().map(TaskEnvelope::appId).filter(Objects::nonNull).distinct().toList();
        Map<String, App> apps = appIds.isEmpty() ? Map.of()
                : em.createQuery("select a from App a where a.appId in :ids", App.class).setParameter("ids", appIds)
                        .getResultStream().collect(Collectors.toMap(App::getAppId, Function.identity()));
        Set<String> configured = new HashSet<>();
        if (!apps.isEmpty()) {
            em.createQuery("select c.appId, c.provider from TraceConfig c where c.appId in :ids", Object[].class)
                    .setParameter("ids", List.copyOf(apps.keySet()))
                    .getResultStream().forEach(r -> configured.add(r[0] + "|" + r[1]));
        }
        Map<String, Resolved> routes = new HashMap<>();
        for (TaskEnvelope task : tasks) {
            routes.computeIfAbsent(Routes.keyOf(task),
                    k -> route(task, task.appId() == null ? null : apps.get(task.appId()), configured, enterprise.enabled()));
        }
        return new Routes(routes);
    }

    /** One task's route, given its app (or null), the app|provider pairs configured, and whether enterprise telemetry is on. */
    static Resolved route(TaskEnvelope task, App app, Set<String> configured, boolean enterpriseOn) {
        if (app != null && task.tenantId() != null && !app.belongsTo(task.tenantId())) {
            return new Resolved(task.tenantId(), List.of());
        }
        List<Key> keys = new ArrayList<>(2);
        String provider = app == null ? null : app.activeProvider();
        if (provider != null && configured.contains(app.getAppId() + "|" + provider)) {
            keys.add(new Key(RouteKey.of(provider, app.getAppId()).value(), provider));
        }
        if (enterpriseOn) {
            keys.add(new Key(EnterpriseTelemetry.DESTINATION, EnterpriseTelemetry.DESTINATION));
        }
        return new Resolved(app != null ? app.getTenantId() : task.tenantId(), keys);
    }
}
