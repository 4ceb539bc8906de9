package org.tracerelay.export.span;

import java.util.Map;

/**
 * A span ready to encode: ids, timing, attributes (insertion-ordered, no nulls) and whether
 * it ended in error. Independent of any wire format.
 */
public record SpanRecord(byte[] traceId, byte[] spanId, byte[] parentSpanId, String name,
                         long startEpochNanos, long endEpochNanos, Map<String, Object> attributes,
                         String errorMessage) {
}
