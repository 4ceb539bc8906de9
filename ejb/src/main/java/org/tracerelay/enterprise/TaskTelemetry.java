package org.tracerelay.enterprise;

import org.tracerelay.telemetry.TelemetryLog;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.telemetry.SpanRecord;

/** Everything one task produces for the enterprise collector. */
public record TaskTelemetry(List<SpanRecord> spans, List<TelemetryLog> logs, List<Measurement> measurements) {

    public TaskTelemetry() {
        this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
}
