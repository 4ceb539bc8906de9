package org.tracerelay.export.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.TracingProvider;

/**
 * Every provider an admin can configure, as the provider packages declare themselves: one CDI
 * bean implementing {@link TracingProvider} each. Ordered by id, so every node lists them alike.
 */
@ApplicationScoped
public class Providers {

    private final SortedMap<String, TracingProvider> byId;

    /** For the container's client proxy. */
    protected Providers() {
        this(List.of());
    }

    @Inject
    public Providers(@Any Instance<TracingProvider> discovered) {
        this((Iterable<TracingProvider>) discovered);
    }

    /** The given providers, e.g. found on a test's class path; two with one id are refused. */
    public Providers(Iterable<? extends TracingProvider> providers) {
        byId = ByKey.of(providers, TracingProvider::provider, "providers");
    }

    /** Every provider id, in order. */
    public List<String> ids() {
        return new ArrayList<>(byId.keySet());
    }

    public boolean isKnown(String provider) {
        return provider != null && byId.containsKey(provider);
    }

    public Optional<TracingProvider> get(String provider) {
        return Optional.ofNullable(provider == null ? null : byId.get(provider));
    }

    public Optional<ProviderModel> of(String provider) {
        return get(provider).map(TracingProvider::model);
    }
}
