package org.tracerelay.export.enterprise;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Set;
import org.tracerelay.json.Jsonp;

/**
 * Bounds the metric series one tenant's payloads can create: label values such as app, model or
 * node type come from the tasks, so without a bound one producer could grow the totals (and every
 * publish) without end. Past the cap a new label set is counted in its tenant's {@value #OTHER}
 * series of the same metric and type instead, so totals stay whole.
 */
public final class SeriesCap {

    public static final String OTHER = "_other";
    /** Labels whose values are not the payload's choice: the cap's scope and the relay's task type. */
    private static final Set<String> KEPT = Set.of("tenant_id", "type");

    private SeriesCap() {
    }

    public static String tenantOf(String labelsJson) {
        return read(labelsJson).get("tenant_id") instanceof JsonString s ? s.getString() : "";
    }

    /** The label set a series is folded into once its tenant has no room for a new one. */
    public static String otherOf(String labelsJson) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        // Keys stay sorted (the stored label sets are): same keys, every payload-chosen value replaced.
        read(labelsJson).forEach((k, v) -> b.add(k, KEPT.contains(k) ? v : Jsonp.createValue(OTHER)));
        return b.build().toString();
    }

    public static boolean isOther(String labelsJson) {
        return otherOf(labelsJson).equals(labelsJson);
    }

    private static JsonObject read(String labelsJson) {
        try (var r = Jsonp.createReader(new StringReader(labelsJson))) {
            return r.readObject();
        }
    }
}
