package org.tracerelay.export;

import org.tracerelay.outbox.ExportOutcome;

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

    /** A remote reason, shortened and stripped of control characters, fit for a delivery's last error. */
    public static String clip(String text, int max) {
        String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() <= max ? clean : clean.substring(0, max) + "...";
    }
}
