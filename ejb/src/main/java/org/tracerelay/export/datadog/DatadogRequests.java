package org.tracerelay.export.datadog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.otlp.OtlpEncoder;
import org.tracerelay.export.span.SpanRecord;

/**
 * A batch's spans cut into OTLP requests that each stay under Datadog's request size before any
 * is sent, so the intake never has to answer 413. Tasks go whole into a request while they fit;
 * a task too large for one request goes alone, its spans over as many requests as it takes; a
 * single span over the limit cannot be sent at all.
 */
final class DatadogRequests {

    /** The request size kept to, in encoded (uncompressed) protobuf bytes. */
    static final int MAX_BYTES = 3_200_000;

    /** Tasks that go in one request, with their spans. */
    record Group(List<ExportItem> items, List<List<SpanRecord>> spans) {
    }

    /** A task too large for one request: its spans in parts that each fit, or the one span that cannot. */
    record Oversized(ExportItem item, List<List<SpanRecord>> parts, boolean unsendable) {
    }

    record Plan(List<Group> groups, List<Oversized> oversized) {
    }

    private DatadogRequests() {
    }

    /** @param spans each task's spans, in the batch's order; none empty */
    static Plan of(Map<String, ?> resource, List<ExportItem> items, Map<String, List<SpanRecord>> spans, int limit) {
        // a sum of parts can miss a few bytes of the whole's length prefixes
        int maxBytes = limit - 64;
        int overhead = size(resource, List.of());
        List<Group> groups = new ArrayList<>();
        List<Oversized> oversized = new ArrayList<>();
        List<ExportItem> groupItems = new ArrayList<>();
        List<List<SpanRecord>> groupSpans = new ArrayList<>();
        int groupBytes = overhead;
        for (ExportItem item : items) {
            List<SpanRecord> own = spans.get(item.deliveryId());
            int bytes = size(resource, own) - overhead;
            if (overhead + bytes > maxBytes) {
                oversized.add(parts(resource, item, own, overhead, maxBytes));
                continue;
            }
            if (!groupItems.isEmpty() && groupBytes + bytes > maxBytes) {
                groups.add(new Group(groupItems, groupSpans));
                groupItems = new ArrayList<>();
                groupSpans = new ArrayList<>();
                groupBytes = overhead;
            }
            groupItems.add(item);
            groupSpans.add(own);
            groupBytes += bytes;
        }
        if (!groupItems.isEmpty()) {
            groups.add(new Group(groupItems, groupSpans));
        }
        return new Plan(groups, oversized);
    }

    private static Oversized parts(Map<String, ?> resource, ExportItem item, List<SpanRecord> spans, int overhead, int maxBytes) {
        List<List<SpanRecord>> parts = new ArrayList<>();
        List<SpanRecord> part = new ArrayList<>();
        int bytes = overhead;
        for (SpanRecord s : spans) {
            int one = size(resource, List.of(s)) - overhead;
            if (overhead + one > maxBytes) {
                return new Oversized(item, List.of(), true);
            }
            if (!part.isEmpty() && bytes + one > maxBytes) {
                parts.add(part);
                part = new ArrayList<>();
                bytes = overhead;
            }
            part.add(s);
            bytes += one;
        }
        parts.add(part);
        return new Oversized(item, parts, false);
    }

    /** What these spans take in a request of their own (a request's spans cost the sum of theirs, plus a few bytes). */
    private static int size(Map<String, ?> resource, List<SpanRecord> spans) {
        return OtlpEncoder.traces(resource, DatadogExporter.SCOPE, spans, true).getSerializedSize();
    }
}
