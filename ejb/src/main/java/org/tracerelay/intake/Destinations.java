package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.domain.app.App;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.enterprise.EnterpriseTelemetry;
import org.tracerelay.export.Destination;

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

    public Resolved resolve(TaskEnvelope task) {
        App app = task.appId() == null ? null : em.find(App.class, task.appId());
        if (app != null && task.tenantId() != null && !app.belongsTo(task.tenantId())) {
            return new Resolved(task.tenantId(), List.of());
        }
        List<Key> keys = new ArrayList<>(2);
        String provider = app == null ? null : app.activeProvider();
        if (provider != null && configured(app.getAppId(), provider)) {
            keys.add(new Key(Destination.keyOf(provider, app.getAppId()), provider));
        }
        if (enterprise.enabled()) {
            keys.add(new Key(EnterpriseTelemetry.DESTINATION, EnterpriseTelemetry.DESTINATION));
        }
        return new Resolved(app != null ? app.getTenantId() : task.tenantId(), keys);
    }

    private boolean configured(String appId, String provider) {
        return !em.createNamedQuery(TraceConfig.BY_APP_AND_PROVIDER, TraceConfig.class)
                .setParameter("appId", appId).setParameter("provider", provider)
                .setMaxResults(1).getResultList().isEmpty();
    }
}
