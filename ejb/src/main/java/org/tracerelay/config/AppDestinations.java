package org.tracerelay.config;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.domain.app.App;
import org.tracerelay.export.Destination;
import org.tracerelay.outbox.RouteKey;

/** An app's stored config as the destination the drain exports to, its secrets opened with its owner's key. */
@Stateless
public class AppDestinations {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    StoredConfigs configs;

    @Inject
    ConfigModels models;

    @Inject
    OpenedConfigs opened;

    /** Empty when the route names no app, or the app or its config for that provider is gone since the task was routed. */
    public Optional<OpenDestination> of(RouteKey route) {
        if (!route.ofApp() || !models.isKnown(route.provider())) {
            return Optional.empty();
        }
        App app = em.find(App.class, route.appId());
        if (app == null) {
            return Optional.empty();
        }
        String tenant = app.getTenantId();
        return configs.find(route.appId(), route.provider())
                .map(row -> new OpenDestination(opened.get(route.value(), row.getUpdatedAt(),
                        () -> destination(route.provider(), route.appId(), configs.open(tenant, row))), tenant));
    }

    /** The destination of an app's config for a provider, with the settings given. */
    public static Destination destination(String provider, String appId, Map<String, String> settings) {
        return new Destination(RouteKey.of(provider, appId).value(), provider, appId, settings);
    }
}
