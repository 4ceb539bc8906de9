package org.tracerelay.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles of recorded durations, in milliseconds. */
final class Stats {

    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());

    void add(long nanos) {
        millis.add(nanos / 1e6);
    }

    int count() {
        return millis.size();
    }

    double percentile(double p) {
        List<Double> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    double max() {
        return percentile(100);
    }
}
