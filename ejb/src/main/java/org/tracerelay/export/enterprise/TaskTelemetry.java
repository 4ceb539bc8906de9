package org.tracerelay.export.enterprise;

import java.util.ArrayList;
import java.util.List;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;

/** Everything one task produces for the enterprise collector. */
public record TaskTelemetry(List<SpanRecord> spans, List<TelemetryLog> logs, List<Measurement> measurements) {

    public TaskTelemetry() {
        this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
}
