package org.tracerelay.export;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The exporter of each provider id, found among the CDI beans implementing {@link TraceExporter}. */
@ApplicationScoped
public class Exporters {

    @Inject
    @Any
    Instance<TraceExporter> all;

    private final Map<String, TraceExporter> byProvider = new HashMap<>();

    @PostConstruct
    void index() {
        for (TraceExporter e : all) {
            TraceExporter previous = byProvider.put(e.provider(), e);
            if (previous != null) {
                throw new IllegalStateException("two exporters claim provider " + e.provider());
            }
        }
    }

    public Optional<TraceExporter> forProvider(String provider) {
        return Optional.ofNullable(byProvider.get(provider));
    }
}
