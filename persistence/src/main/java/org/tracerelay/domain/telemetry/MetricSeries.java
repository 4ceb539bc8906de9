package org.tracerelay.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * The running total of one metric series (a name plus one label set) since {@code startTime}:
 * a counter's sum, or a histogram's count, sum, bucket counts, min and max. Only the node that
 * publishes writes it, folding in the claims' {@link MetricDelta} rows.
 */
@Entity
@Table(name = "metric_series")
@NamedQuery(name = MetricSeries.COUNT_OF_TENANT, query = "select count(s) from MetricSeries s where s.tenantId = :tenantId")
public class MetricSeries {

    public static final String COUNT_OF_TENANT = "MetricSeries.countOfTenant";

    @Id
    @Column(name = "series_key")
    private String seriesKey;

    @Column(nullable = false)
    private String name;

    /** The label set as a JSON object with sorted keys. */
    @Column(nullable = false)
    private String labels;

    /** The label set's tenant_id, the scope of the cap on series. */
    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Embedded
    private SeriesAmount amount = SeriesAmount.NONE;

    @Column(name = "start_time", nullable = false)
    private Instant startTime;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected MetricSeries() {
    }

    public MetricSeries(String seriesKey, String name, String labels, String tenantId, Instant now) {
        this.seriesKey = Objects.requireNonNull(seriesKey);
        this.name = Objects.requireNonNull(name);
        this.labels = Objects.requireNonNull(labels);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.startTime = now;
        this.updatedAt = now;
    }

    /** A new series, counted since its first delta was recorded. */
    public static MetricSeries startedBy(MetricDelta first, String tenantId) {
        return new MetricSeries(first.getSeriesKey(), first.getName(), first.getLabels(), tenantId, first.getRecordedAt());
    }

    /** Adds a batch's share of this series. */
    public void add(SeriesAmount delta, Instant now) {
        amount = amount.plus(delta);
        updatedAt = now;
    }

    public SeriesAmount amount() {
        return amount;
    }

    /** Histogram bucket counts; empty for counters. */
    public long[] bucketCounts() {
        long[] counts = amount.buckets();
        return counts == null ? new long[0] : counts;
    }

    public String getSeriesKey() { return seriesKey; }
    public String getName() { return name; }
    public String getLabels() { return labels; }
    public String getTenantId() { return tenantId; }
    public double getTotal() { return amount.sum(); }
    public long getSampleCount() { return amount.count(); }
    public Double getMinValue() { return amount.min(); }
    public Double getMaxValue() { return amount.max(); }
    public Instant getStartTime() { return startTime; }
    public Instant getUpdatedAt() { return updatedAt; }
}
