package org.tracerelay.export.span;

import java.util.Map;

/**
 * The running total of one metric series, ready to encode: a counter's sum, or a histogram's
 * count, sum, bucket counts (over {@code bounds}), min and max, counted since {@code startEpochNanos}.
 */
public record SeriesSnapshot(String name, String unit, String description, boolean histogram, boolean integer,
                             Map<String, String> labels, double total, long count, long[] bucketCounts,
                             double[] bounds, Double min, Double max, long startEpochNanos) {

    /** One histogram observation on its own: count 1 in the first bucket whose bound it does not exceed. */
    public static SeriesSnapshot observation(String name, String unit, String description, Map<String, String> labels,
                                             double value, double[] bounds, long startEpochNanos) {
        long[] buckets = new long[bounds.length + 1];
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        buckets[i] = 1;
        return new SeriesSnapshot(name, unit, description, true, false, Map.copyOf(labels), value, 1, buckets,
                bounds.clone(), value, value, startEpochNanos);
    }
}
