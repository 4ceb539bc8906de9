package org.tracerelay.domain.telemetry;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import org.tracerelay.domain.RowIds;

/**
 * One claimed batch's share of one metric series, appended in the claiming transaction and later
 * folded into its {@link MetricSeries}. Claims only insert these, so draining nodes never wait on
 * each other's series rows.
 */
@Entity
@Table(name = "metric_delta")
@NamedQuery(name = MetricDelta.OLDEST, query = "select d from MetricDelta d order by d.id")
@NamedQuery(name = MetricDelta.DELETE_FOLDED, query = "delete from MetricDelta d where d.id in :ids")
public class MetricDelta {

    public static final String OLDEST = "MetricDelta.oldest";
    public static final String DELETE_FOLDED = "MetricDelta.deleteFolded";

    /** Time ordered (RowIds), so the oldest deltas are read first. */
    @Id
    private String id;

    @Column(name = "series_key", nullable = false)
    private String seriesKey;

    @Column(nullable = false)
    private String name;

    /** The label set as a JSON object with sorted keys. */
    @Column(nullable = false)
    private String labels;

    @Embedded
    private SeriesAmount amount;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected MetricDelta() {
    }

    public MetricDelta(String seriesKey, String name, String labels, SeriesAmount amount, Instant recordedAt) {
        this.recordedAt = Objects.requireNonNull(recordedAt);
        this.id = RowIds.next(recordedAt.toEpochMilli());
        this.seriesKey = Objects.requireNonNull(seriesKey);
        this.name = Objects.requireNonNull(name);
        this.labels = Objects.requireNonNull(labels);
        this.amount = Objects.requireNonNull(amount);
    }

    public SeriesAmount amount() {
        return amount;
    }

    public String getId() { return id; }
    public String getSeriesKey() { return seriesKey; }
    public String getName() { return name; }
    public String getLabels() { return labels; }
    public Instant getRecordedAt() { return recordedAt; }
}
