package org.tracerelay.export.span;

import java.util.Map;

/**
 * The running total of one metric series, ready to encode: a counter's sum, or a histogram's
 * count, sum, bucket counts (over {@code bounds}), min and max, counted since {@code startEpochNanos}.
 */
public record SeriesSnapshot(String name, String unit, String description, boolean histogram, boolean integer,
                             Map<String, String> labels, double total, long count, long[] bucketCounts,
                             double[] bounds, Double min, Double max, long startEpochNanos) {
}
