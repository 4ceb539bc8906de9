package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import org.tracerelay.domain.app.App;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.Destination;

/**
 * Where a task goes: the app's enabled provider, if it is configured and the task belongs to
 * the app's tenant. A task claiming another tenant's app goes nowhere.
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

    public Resolved resolve(TaskEnvelope task) {
        App app = task.appId() == null ? null : em.find(App.class, task.appId());
        if (app == null) {
            return new Resolved(task.tenantId(), List.of());
        }
        if (task.tenantId() != null && !app.belongsTo(task.tenantId())) {
            return new Resolved(task.tenantId(), List.of());
        }
        String provider = app.activeProvider();
        if (provider == null || !configured(app.getAppId(), provider)) {
            return new Resolved(app.getTenantId(), List.of());
        }
        return new Resolved(app.getTenantId(), List.of(new Key(Destination.keyOf(provider, app.getAppId()), provider)));
    }

    private boolean configured(String appId, String provider) {
        return !em.createNamedQuery(TraceConfig.BY_APP_AND_PROVIDER, TraceConfig.class)
                .setParameter("appId", appId).setParameter("provider", provider)
                .setMaxResults(1).getResultList().isEmpty();
    }
}
