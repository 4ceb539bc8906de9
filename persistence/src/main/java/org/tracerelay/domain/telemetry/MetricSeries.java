package org.tracerelay.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The running total of one metric series (a name plus one label set) since {@code startTime}:
 * a counter's sum, or a histogram's count, sum, bucket counts, min and max.
 */
@Entity
@Table(name = "metric_series")
public class MetricSeries {

    @Id
    @Column(name = "series_key")
    private String seriesKey;

    @Column(nullable = false)
    private String name;

    /** The label set as a JSON object with sorted keys. */
    @Column(nullable = false)
    private String labels;

    @Column(nullable = false)
    private double total;

    @Column(name = "sample_count", nullable = false)
    private long sampleCount;

    /** Histogram bucket counts, comma-separated; null for counters. */
    private String buckets;

    @Column(name = "min_value")
    private Double minValue;

    @Column(name = "max_value")
    private Double maxValue;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MetricSeries() {
    }

    public MetricSeries(String seriesKey, String name, String labels, Instant now) {
        this.seriesKey = Objects.requireNonNull(seriesKey);
        this.name = Objects.requireNonNull(name);
        this.labels = Objects.requireNonNull(labels);
        this.startTime = now;
        this.updatedAt = now;
    }

    /** Adds a batch's contribution; {@code bucketCounts} is null for counters. */
    public void add(double sum, long count, long[] bucketCounts, Double min, Double max, Instant now) {
        total += sum;
        sampleCount += count;
        if (bucketCounts != null) {
            long[] current = bucketCounts();
            long[] merged = current.length == bucketCounts.length ? current : new long[bucketCounts.length];
            for (int i = 0; i < merged.length; i++) {
                merged[i] += bucketCounts[i];
            }
            buckets = Arrays.stream(merged).mapToObj(Long::toString).collect(Collectors.joining(","));
        }
        if (min != null) {
            minValue = minValue == null ? min : Math.min(minValue, min);
        }
        if (max != null) {
            maxValue = maxValue == null ? max : Math.max(maxValue, max);
        }
        updatedAt = now;
    }

    public long[] bucketCounts() {
        if (buckets == null || buckets.isEmpty()) {
            return new long[0];
        }
        return Arrays.stream(buckets.split(",")).mapToLong(Long::parseLong).toArray();
    }

    public String getSeriesKey() { return seriesKey; }
    public String getName() { return name; }
    public String getLabels() { return labels; }
    public double getTotal() { return total; }
    public long getSampleCount() { return sampleCount; }
    public Double getMinValue() { return minValue; }
    public Double getMaxValue() { return maxValue; }
    public Instant getStartTime() { return startTime; }
    public Instant getUpdatedAt() { return updatedAt; }
}
