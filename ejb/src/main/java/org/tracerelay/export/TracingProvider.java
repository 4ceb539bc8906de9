package org.tracerelay.export;

/**
 * A provider an admin configures per app: its exporter plus what the admin side needs of it. Each
 * provider package holds exactly one CDI bean implementing this; the registry finds it there, so
 * adding a provider is adding its package.
 */
public interface TracingProvider extends TraceExporter {

    /** The provider's config model; its id is the provider id. */
    ProviderModel model();

    @Override
    default String provider() {
        return model().id();
    }

    /**
     * Dify's fixed link to the backend, given when the backend cannot name the project in time
     * (dify-ops-core §3.2); "" when there is none.
     */
    String projectHome(Destination destination);
}
