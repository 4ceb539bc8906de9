package org.tracerelay.export;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one destination's batch to its backend. Every item gets an outcome: one failing item
 * never takes its batch-mates down with it. Implementations are stateless CDI beans; everything
 * about the destination arrives with the call.
 */
public interface TraceExporter {

    /** The provider id this exporter serves, e.g. {@code otlp}. */
    String provider();

    /** @return an outcome for every item, keyed by delivery id */
    Map<String, ExportOutcome> export(Destination destination, List<ExportItem> items);

    /**
     * Asks the backend whether the destination's credentials work, before an admin's config is
     * saved. A refusal or an unreachable backend is an outcome other than delivered; its detail
     * never holds the remote body.
     */
    ExportOutcome verify(Destination destination);

    /** Where the user sees this destination's traces, when the exporter can tell without guessing. */
    Optional<String> projectUrl(Destination destination);

    /**
     * Stored tasks of a batch that could not be read back. They are dead for every destination;
     * an exporter that reports such failures to its backend overrides this and may ask for a
     * retry until the report is through.
     */
    default Map<String, ExportOutcome> unreadable(Destination destination, List<UnreadableTask> tasks) {
        Map<String, ExportOutcome> outcomes = new java.util.HashMap<>();
        tasks.forEach(t -> outcomes.put(t.deliveryId(), ExportOutcome.dead("rehydration_failed", t.reason())));
        return outcomes;
    }
}
