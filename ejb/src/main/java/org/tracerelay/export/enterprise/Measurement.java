package org.tracerelay.export.enterprise;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/** One value added to a counter or recorded in a histogram, with its label set. */
public record Measurement(Instrument instrument, SortedMap<String, String> labels, double value) {

    public Measurement {
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    /** Labels as alternating keys and values; a null value becomes "" (label sets stay fixed). */
    public static Measurement of(Instrument instrument, double value, String... keysAndValues) {
        SortedMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            String v = keysAndValues[i + 1];
            labels.put(keysAndValues[i], v == null ? "" : v);
        }
        return new Measurement(instrument, labels, value);
    }
}
