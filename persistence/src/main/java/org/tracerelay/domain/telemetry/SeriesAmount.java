package org.tracerelay.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Collectors;

/**
 * What one metric series holds, as a total or as one batch's share of it: a counter's sum, or a
 * histogram's count, sum, bucket counts, min and max. Values, never changed in place; the
 * columns of both {@link MetricSeries} and {@link MetricDelta}.
 *
 * @param buckets histogram bucket counts; null for counters
 * @param min     the smallest recorded value; null when none was recorded
 * @param max     the largest recorded value; null when none was recorded
 */
@Embeddable
public record SeriesAmount(@Column(name = "total", nullable = false) double sum,
                           @Column(name = "sample_count", nullable = false) long count,
                           @Column(name = "buckets") @Convert(converter = BucketCounts.class) long[] buckets,
                           @Column(name = "min_value") Double min,
                           @Column(name = "max_value") Double max) {

    public static final SeriesAmount NONE = new SeriesAmount(0, 0, null, null, null);

    public SeriesAmount {
        buckets = buckets == null ? null : buckets.clone();
    }

    @Override
    public long[] buckets() {
        return buckets == null ? null : buckets.clone();
    }

    /**
     * This amount with {@code delta} added. Addition is commutative and associative, so folding
     * the same deltas in any order or grouping gives the same total.
     */
    public SeriesAmount plus(SeriesAmount delta) {
        return new SeriesAmount(sum + delta.sum, count + delta.count, plus(buckets, delta.buckets),
                either(min, delta.min, Math::min), either(max, delta.max, Math::max));
    }

    /** Equal amounts have equal bucket counts, not the same array. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesAmount a && Double.compare(sum, a.sum) == 0 && count == a.count
                && Arrays.equals(buckets, a.buckets) && Objects.equals(min, a.min) && Objects.equals(max, a.max);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sum, count, Arrays.hashCode(buckets), min, max);
    }

    @Override
    public String toString() {
        return "SeriesAmount[sum=" + sum + ", count=" + count + ", buckets=" + Arrays.toString(buckets)
                + ", min=" + min + ", max=" + max + "]";
    }

    /** Bucket counts as stored: comma-separated, null for counters. */
    public String bucketsText() {
        return bucketsText(buckets);
    }

    static String bucketsText(long[] buckets) {
        return buckets == null ? null : Arrays.stream(buckets).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    public static long[] parseBuckets(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return Arrays.stream(text.split(",")).mapToLong(Long::parseLong).toArray();
    }

    /** Both known: the chosen one; else whichever is known (null when neither is). */
    private static Double either(Double a, Double b, DoubleBinaryOperator choose) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(choose.applyAsDouble(a, b));
    }

    /** Element-wise; a total whose bounds changed restarts from the delta's buckets. */
    private static long[] plus(long[] total, long[] delta) {
        if (delta == null) {
            return total;
        }
        if (total == null || total.length != delta.length) {
            return delta;
        }
        long[] merged = total.clone();
        for (int i = 0; i < merged.length; i++) {
            merged[i] += delta[i];
        }
        return merged;
    }
}
