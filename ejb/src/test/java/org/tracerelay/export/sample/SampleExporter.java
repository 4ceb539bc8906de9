package org.tracerelay.export.sample;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Outcomes;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.TracingProvider;

/**
 * A throwaway provider that exists only in the test classes: this package is all it takes to add
 * one, and the registry, the admin API's validation and the architecture rules find it without
 * any other edit.
 */
@ApplicationScoped
public class SampleExporter implements TracingProvider {

    @Override
    public ProviderModel model() {
        return SampleConfig.MODEL;
    }

    @Override
    public String projectHome(Destination destination) {
        return destination.url("endpoint", "") + "/";
    }

    @Override
    public Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items) {
        return Outcomes.every(items, ExportOutcome.delivered());
    }

    @Override
    public ExportOutcome verify(Destination destination) {
        return ExportOutcome.delivered();
    }

    @Override
    public Optional<String> projectUrl(Destination destination) {
        return Optional.empty();
    }
}
