package org.tracerelay.admin;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.tracerelay.domain.app.App;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.outbox.AppDeliveries;
import org.tracerelay.refusal.Refusal;

/** Apps of a tenant and their tracing switch. Another tenant's app is reported as not found (on registration: not available). */
@Stateless
public class Apps {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    AppDeliveries deliveries;

    @Inject
    Providers registry;

    public record Registration(App app, boolean created) {
    }

    /**
     * Registers the id for the tenant or describes its own app again. Two registrations of one id
     * at once are decided by the database: the insert that finds the id taken waits for the other
     * and then reads it, so the same tenant's second call describes its app (a Dify worker's
     * processes register an app's id together) and another tenant's gets 409, naming no owner.
     */
    public Registration register(String tenant, String appId, String name, String mode) {
        Instant now = Instant.now();
        App existing = em.find(App.class, appId);
        boolean created = false;
        if (existing == null) {
            created = em.createNativeQuery("insert into app (app_id, tenant_id, name, mode, tracing_enabled, created_at, updated_at)"
                            + " values (?1, ?2, ?3, ?4, false, ?5, ?5) on conflict (app_id) do nothing")
                    .setParameter(1, appId).setParameter(2, tenant).setParameter(3, name).setParameter(4, mode)
                    .setParameter(5, now).executeUpdate() == 1;
            existing = em.find(App.class, appId);
        }
        if (existing == null || !existing.belongsTo(tenant)) {
            throw appIdNotAvailable();
        }
        if (!created) {
            existing.describe(name, mode, now);
        }
        return new Registration(existing, created);
    }

    private static Refusal appIdNotAvailable() {
        return new Refusal(409, "app_id_not_available", "This app id is not available.");
    }

    public App find(String tenant, String appId) {
        App app = appId == null ? null : em.find(App.class, appId);
        if (app == null || !app.belongsTo(tenant)) {
            throw Refusal.appNotFound();
        }
        return app;
    }

    /** The tenant's apps, oldest first: only the caller's tenant, so the list shows no one else's. */
    public List<App> list(String tenant) {
        return em.createQuery("select a from App a where a.tenantId = :tenantId order by a.createdAt, a.appId", App.class)
                .setParameter("tenantId", tenant).getResultList();
    }

    /** Whether the app exists and is the tenant's; intake uses it to refuse tasks for foreign apps. */
    public boolean owns(String tenant, String appId) {
        App app = em.find(App.class, appId);
        return app != null && app.belongsTo(tenant);
    }

    /**
     * The app, its configs (cascade) and every task and delivery stored under it for this tenant:
     * whoever registers the id next starts with nothing of its past.
     */
    public void delete(String tenant, String appId) {
        em.remove(find(tenant, appId));
        deliveries.forget(tenant, appId);
    }

    public App switchTracing(String tenant, String appId, boolean enabled, String provider) {
        App app = find(tenant, appId);
        if (enabled && (provider == null || provider.isBlank())) {
            throw new Refusal(400, "invalid_tracing_config", "tracing_provider is required when enabled is true.");
        }
        if (provider != null && !registry.isKnown(provider)) {
            throw new Refusal(400, "unsupported_tracing_provider", "Invalid tracing provider: " + provider);
        }
        app.switchTracing(enabled, provider, Instant.now());
        return app;
    }
}
