package org.tracerelay.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.registry.Providers;

/** The config model of each provider id, as stored configs and their admin use cases look it up. */
@ApplicationScoped
public class ConfigModels {

    @Inject
    Providers registry;

    public Optional<ProviderModel> of(String provider) {
        return registry.of(provider);
    }

    public boolean isKnown(String provider) {
        return registry.isKnown(provider);
    }

    /** The model of a provider a stored row names; only known providers are ever stored. */
    ProviderModel stored(String provider) {
        return of(provider).orElseThrow(() -> new IllegalStateException("no config model for stored provider " + provider));
    }
}
