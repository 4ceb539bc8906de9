package org.tracerelay.export;

import java.util.Map;

/**
 * A destination the operator configures for the whole deployment (the enterprise collector): while
 * it is enabled every task goes there too, beside its app's own destination. Its key is also the
 * provider id of the exporter that serves it. A package declares one by being a CDI bean
 * implementing this; the pipeline finds it through {@code export.registry}, never by name.
 */
public interface DeploymentDestination {

    /** The destination key its deliveries carry, and the provider id of its exporter. */
    String key();

    boolean enabled();

    /** What its exporter is handed: no app, no settings (the deployment's own config holds them). */
    default Destination destination() {
        return new Destination(key(), key(), null, Map.of());
    }
}
