package org.tracerelay.export.enterprise;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.domain.telemetry.MetricDelta;
import org.tracerelay.domain.telemetry.MetricSeries;

/**
 * Folds the claims' metric deltas into the cumulative series, oldest first, each page in a short
 * transaction of its own: a delta is added and deleted in one commit, so it counts exactly once.
 * Only the node holding the publisher lease folds. Should two ever overlap (a lease handed over
 * mid-fold), SKIP LOCKED gives them disjoint deltas and the series row locks, taken in key order,
 * queue their additions without deadlock. A tenant past {@code trace.enterprise.max-series-per-tenant}
 * series gets no new one: the delta goes into its {@link SeriesCap#OTHER} series (see there).
 */
@Stateless
public class MetricDeltaFolder {

    /** Hibernate reads lock timeout -2 as SKIP LOCKED. */
    private static final int SKIP_LOCKED = -2;
    private static final AttributeKey<String> TENANT = AttributeKey.stringKey("tenant_id");

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "trace.enterprise.max-series-per-tenant", defaultValue = "10000")
    int maxSeriesPerTenant;

    @Inject
    Instance<Meter> meters;

    /** The series rows a fold reads and creates: the database here, a map in tests. */
    interface SeriesRows {
        /** The row, locked for this fold, or null when the series does not exist yet. */
        MetricSeries locked(String key);

        void create(MetricSeries series);

        long countOfTenant(String tenantId);
    }

    /** Folds up to {@code limit} of the oldest committed deltas; returns how many. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int foldOldest(int limit, Instant now) {
        List<MetricDelta> deltas = em.createNamedQuery(MetricDelta.OLDEST, MetricDelta.class)
                .setMaxResults(limit)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
                .getResultList();
        if (deltas.isEmpty()) {
            return 0;
        }
        Map<String, Long> overflowed = fold(deltas, new DatabaseRows(), maxSeriesPerTenant, now);
        em.createNamedQuery(MetricDelta.DELETE_FOLDED)
                .setParameter("ids", deltas.stream().map(MetricDelta::getId).toList())
                .executeUpdate();
        count(overflowed);
        return deltas.size();
    }

    /**
     * Adds every delta to its series, creating a series only while its tenant has fewer than
     * {@code cap}; returns per tenant how many deltas went to its {@link SeriesCap#OTHER} series.
     */
    static Map<String, Long> fold(List<MetricDelta> deltas, SeriesRows rows, int cap, Instant now) {
        Map<String, Long> overflowed = new TreeMap<>();
        bySeries(deltas).forEach((key, ofSeries) -> {
            MetricDelta first = ofSeries.get(0);
            MetricSeries series = rows.locked(key);
            if (series == null) {
                String tenant = SeriesCap.tenantOf(first.getLabels());
                if (SeriesCap.isOther(first.getLabels()) || rows.countOfTenant(tenant) < cap) {
                    series = MetricSeries.startedBy(first, tenant);
                    rows.create(series);
                } else {
                    series = other(first, tenant, rows);
                    overflowed.merge(tenant, (long) ofSeries.size(), Long::sum);
                }
            }
            addAll(ofSeries, series, now);
        });
        return overflowed;
    }

    /**
     * The tenant's catch-all series of this metric and type; it is made even past the cap (one per
     * metric and type). Its lock is taken out of key order: two overlapping folds may deadlock on
     * it, and PostgreSQL then rolls one back, whose deltas stay for the next fold.
     */
    private static MetricSeries other(MetricDelta first, String tenant, SeriesRows rows) {
        String labels = SeriesCap.otherOf(first.getLabels());
        String key = SeriesTotals.key(first.getName(), labels);
        MetricSeries other = rows.locked(key);
        if (other == null) {
            other = new MetricSeries(key, first.getName(), labels, tenant, first.getRecordedAt());
            rows.create(other);
        }
        return other;
    }

    private void count(Map<String, Long> overflowed) {
        if (overflowed.isEmpty() || !meters.isResolvable()) {
            return;
        }
        LongCounter counter = meters.get().counterBuilder("trace_relay.enterprise.series_overflow").setUnit("{delta}")
                .setDescription("Enterprise metric deltas counted in a tenant's _other series: it had no room for a new series")
                .build();
        overflowed.forEach((tenant, n) -> counter.add(n, Attributes.of(TENANT, tenant)));
    }

    /** The rows in the database, locked in the order asked (key order, see the class comment). */
    private final class DatabaseRows implements SeriesRows {
        @Override
        public MetricSeries locked(String key) {
            return em.find(MetricSeries.class, key, LockModeType.PESSIMISTIC_WRITE);
        }

        @Override
        public void create(MetricSeries series) {
            // Two folders creating the same series: one commit fails, its deltas stay for the next fold.
            em.persist(series);
        }

        @Override
        public long countOfTenant(String tenantId) {
            return em.createNamedQuery(MetricSeries.COUNT_OF_TENANT, Long.class).setParameter("tenantId", tenantId)
                    .getSingleResult();
        }
    }

    static void addAll(List<MetricDelta> ofSeries, MetricSeries series, Instant now) {
        for (MetricDelta delta : ofSeries) {
            series.add(delta.amount(), now);
        }
    }

    /** Deltas per series key, keys ascending (the order series rows are locked in), oldest first. */
    static SortedMap<String, List<MetricDelta>> bySeries(List<MetricDelta> oldestFirst) {
        SortedMap<String, List<MetricDelta>> bySeries = new TreeMap<>();
        for (MetricDelta delta : oldestFirst) {
            bySeries.computeIfAbsent(delta.getSeriesKey(), k -> new ArrayList<>()).add(delta);
        }
        return bySeries;
    }
}
