package org.tracerelay.delivery;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.domain.app.App;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.registry.DeploymentDestinations;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.json.Jsonp;
import org.tracerelay.outbox.RouteKey;

/** Turns a delivery's destination key back into a destination with its secrets opened. */
@Stateless
public class DestinationDirectory {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Sealing sealing;

    @Inject
    Providers registry;

    @Inject
    OpenedConfigs opened;

    @Inject
    DeploymentDestinations deploymentWide;

    /** Empty when the app's config for that provider was deleted since the task was routed. */
    public Optional<OpenDestination> resolve(String key) {
        if (deploymentWide.names(key)) {
            return deploymentWide.enabled(key).map(d -> new OpenDestination(d, null));
        }
        RouteKey route = RouteKey.parse(key);
        if (!route.ofApp()) {
            return Optional.empty();
        }
        String provider = route.provider();
        String appId = route.appId();
        Optional<ProviderModel> model = registry.of(provider);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        App app = em.find(App.class, appId);
        if (app == null) {
            return Optional.empty();
        }
        return em.createNamedQuery(TraceConfig.BY_APP_AND_PROVIDER, TraceConfig.class)
                .setParameter("appId", appId).setParameter("provider", provider)
                .getResultStream().findFirst()
                .map(c -> new OpenDestination(opened.get(key, c.getUpdatedAt(),
                        () -> new Destination(key, provider, appId, open(app.getTenantId(), model.get(), c))), app.getTenantId()));
    }

    private Map<String, String> open(String tenant, ProviderModel model, TraceConfig config) {
        JsonObject stored = Jsonp.createReader(new StringReader(config.getConfig())).readObject();
        Map<String, String> settings = new HashMap<>();
        stored.forEach((field, value) -> {
            if (value instanceof JsonString s) {
                String v = s.getString();
                boolean sealed = model.isSecret(field) && !v.isEmpty();
                settings.put(field, sealed ? sealing.openSecret(tenant, config.getAppId(), config.getProvider(), field, v) : v);
            }
        });
        return settings;
    }
}
