package org.tracerelay.export.enterprise;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tracerelay.domain.telemetry.MetricDelta;
import org.tracerelay.domain.telemetry.MetricSeries;

/**
 * Folds the claims' metric deltas into the cumulative series, oldest first, each page in a short
 * transaction of its own: a delta is added and deleted in one commit, so it counts exactly once.
 * Only the node holding the publisher lease folds. Should two ever overlap (a lease handed over
 * mid-fold), SKIP LOCKED gives them disjoint deltas and the series row locks, taken in key order,
 * queue their additions without deadlock.
 */
@Stateless
public class MetricDeltaFolder {

    /** Hibernate reads lock timeout -2 as SKIP LOCKED. */
    private static final int SKIP_LOCKED = -2;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

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
        bySeries(deltas).forEach((key, ofSeries) -> addAll(ofSeries, lockedSeries(key, ofSeries.get(0)), now));
        em.createNamedQuery(MetricDelta.DELETE_FOLDED)
                .setParameter("ids", deltas.stream().map(MetricDelta::getId).toList())
                .executeUpdate();
        return deltas.size();
    }

    private MetricSeries lockedSeries(String key, MetricDelta first) {
        MetricSeries series = em.find(MetricSeries.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (series == null) {
            // Two folders creating the same series: one commit fails, its deltas stay for the next fold.
            series = MetricSeries.startedBy(first);
            em.persist(series);
        }
        return series;
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
