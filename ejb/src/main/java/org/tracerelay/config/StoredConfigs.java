package org.tracerelay.config;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.refusal.Refusal;

/**
 * Apps' provider configs at rest: found by app and provider, written sealed, opened with the
 * key of the tenant that owns the app. The one place a stored secret is sealed or opened.
 * (app, provider) is unique in the database, so of two concurrent adds one gets a conflict.
 */
@Stateless
public class StoredConfigs {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    @Inject
    ConfigModels models;

    public Optional<TraceConfig> find(String appId, String provider) {
        return em.createNamedQuery(TraceConfig.BY_APP_AND_PROVIDER, TraceConfig.class)
                .setParameter("appId", appId).setParameter("provider", provider)
                .getResultStream().findFirst();
    }

    public TraceConfig existing(String appId, String provider) {
        return find(appId, provider).orElseThrow(() ->
                new Refusal(404, "trace_config_not_found", "No trace config for " + provider + "."));
    }

    /** Refuses a second config of the app for the same provider. */
    public void refuseSecond(String appId, String provider) {
        if (find(appId, provider).isPresent()) {
            throw conflict(provider);
        }
    }

    /** The app's configs in provider order. */
    public List<TraceConfig> ofApp(String appId) {
        return em.createNamedQuery(TraceConfig.BY_APP, TraceConfig.class).setParameter("appId", appId).getResultList();
    }

    public TraceConfig add(String tenant, String appId, ProviderModel model, Map<String, String> config) {
        TraceConfig row = new TraceConfig(appId, model.id(), seal(tenant, appId, model, config), Instant.now());
        try {
            em.persist(row);
            em.flush();
        } catch (PersistenceException raced) {
            throw conflict(model.id());
        }
        return row;
    }

    public void replace(String tenant, TraceConfig row, ProviderModel model, Map<String, String> config) {
        row.replaceConfig(seal(tenant, row.getAppId(), model, config), Instant.now());
    }

    public void remove(TraceConfig row) {
        em.remove(row);
    }

    /** The row's settings with its secrets opened, in its model's field order. */
    public Map<String, String> open(String tenant, TraceConfig row) {
        return SealedConfig.open(models.stored(row.getProvider()), row.getConfig(), cipher(tenant, row.getAppId(), row.getProvider()));
    }

    /** Re-seals every config of the tenant's apps with the tenant's active key. */
    public int resealAll(String tenant) {
        List<TraceConfig> rows = em.createQuery(
                "select c from TraceConfig c, App a where a.appId = c.appId and a.tenantId = :tenant", TraceConfig.class)
                .setParameter("tenant", tenant).getResultList();
        for (TraceConfig row : rows) {
            replace(tenant, row, models.stored(row.getProvider()), open(tenant, row));
        }
        return rows.size();
    }

    private String seal(String tenant, String appId, ProviderModel model, Map<String, String> config) {
        return SealedConfig.seal(model, config, cipher(tenant, appId, model.id()));
    }

    /** Each secret is bound to its tenant, app, provider and field: copied to any other place it does not open. */
    private FieldCipher cipher(String tenant, String appId, String provider) {
        return new FieldCipher() {
            @Override
            public String seal(String field, String plain) {
                return sealing.sealSecret(tenant, appId, provider, field, plain);
            }

            @Override
            public String open(String field, String sealed) {
                return sealing.openSecret(tenant, appId, provider, field, sealed);
            }
        };
    }

    private static Refusal conflict(String provider) {
        return new Refusal(409, "trace_config_already_exists", "A trace config for " + provider + " already exists.");
    }
}
