package org.tracerelay.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;


/** Combining outcomes of one item that went out in several parts. */
public final class Outcomes {

    private Outcomes() {
    }

    /** Dead beats retry beats delivered: an item is delivered only when every part was. */
    public static ExportOutcome worse(ExportOutcome a, ExportOutcome b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(ExportOutcome o) {
        return switch (o.kind()) {
            case DELIVERED -> 0;
            case RETRY -> 1;
            case DEAD -> 2;
        };
    }

    /** One outcome for every item: the destination itself was refused or unusable, so each item shares its fate. */
    public static Map<String, ExportOutcome> every(List<ExportItem> items, ExportOutcome outcome) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        items.forEach(item -> outcomes.put(item.deliveryId(), outcome));
        return outcomes;
    }

    /** A remote reason, shortened and stripped of control characters, fit for a delivery's last error. */
    public static String clip(String text, int max) {
        String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }
}
