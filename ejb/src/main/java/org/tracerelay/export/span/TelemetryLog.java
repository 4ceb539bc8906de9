package org.tracerelay.export.span;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A structured log record (data dictionary §8): its event, trace and span id (either may be null)
 * and attributes in order, where a null value stays in the record as null.
 */
public record TelemetryLog(String eventName, String signal, byte[] traceId, byte[] spanId, long timeEpochNanos,
                           Map<String, Object> attributes) {

    public static final String SPAN_DETAIL = "span_detail";
    public static final String METRIC_ONLY = "metric_only";

    public TelemetryLog {
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The log body, as Dify's logger writes it. */
    public String body() {
        return "telemetry." + signal;
    }
}
