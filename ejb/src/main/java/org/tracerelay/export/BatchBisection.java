package org.tracerelay.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * For backends that accept or refuse a whole request: when a request of several items is refused
 * for good, send each half again, down to single items, so only the poison item dies and its
 * batch-mates are delivered. A retryable answer is not split: the whole batch waits; nor is a
 * refusal of the destination itself (401, 403, 404), which every half would get again.
 */
public final class BatchBisection {

    private BatchBisection() {
    }

    public static Map<String, ExportOutcome> send(List<ExportItem> items, Function<List<ExportItem>, ExportOutcome> request) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        sendInto(items, request, outcomes);
        return outcomes;
    }

    private static void sendInto(List<ExportItem> items, Function<List<ExportItem>, ExportOutcome> request,
                                 Map<String, ExportOutcome> outcomes) {
        if (items.isEmpty()) {
            return;
        }
        ExportOutcome outcome;
        try {
            outcome = request.apply(items);
        } catch (RuntimeException mappingFailed) {
            // A payload the exporter cannot map or encode is poison: it must not stall the rest.
            outcome = ExportOutcome.dead("export_failed", mappingFailed.getClass().getSimpleName());
        }
        if (outcome.isDead() && !outcome.destinationRefused() && items.size() > 1) {
            int half = items.size() / 2;
            sendInto(items.subList(0, half), request, outcomes);
            sendInto(items.subList(half, items.size()), request, outcomes);
            return;
        }
        for (ExportItem item : items) {
            outcomes.put(item.deliveryId(), outcome);
        }
    }
}
