package org.tracerelay.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.registry.ProviderModels;

/** The config model of each provider id, as stored configs and their admin use cases look it up. */
@ApplicationScoped
public class ConfigModels {

    public Optional<ProviderModel> of(String provider) {
        return ProviderModels.of(provider);
    }

    public boolean isKnown(String provider) {
        return ProviderModels.isKnown(provider);
    }

    /** The model of a provider a stored row names; only known providers are ever stored. */
    ProviderModel stored(String provider) {
        return of(provider).orElseThrow(() -> new IllegalStateException("no config model for stored provider " + provider));
    }
}
