package org.tracerelay.export.enterprise;

import jakarta.json.JsonObjectBuilder;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tracerelay.domain.telemetry.SeriesAmount;
import org.tracerelay.json.Jsonp;
import org.tracerelay.support.Digests;

/**
 * A batch's measurements summed per series (name + label set), so a batch appends one delta per
 * series it touches.
 */
public final class SeriesTotals {

    /** One series' share of a batch. */
    public static final class Total {
        final Instrument instrument;
        final String labelsJson;
        double sum;
        long count;
        final long[] buckets;
        Double min;
        Double max;

        Total(Instrument instrument, String labelsJson) {
            this.instrument = instrument;
            this.labelsJson = labelsJson;
            this.buckets = instrument.kind() == Instrument.Kind.HISTOGRAM ? new long[Instrument.BOUNDS.length + 1] : null;
        }

        void add(double value) {
            sum += value;
            count++;
            if (buckets != null) {
                buckets[Instrument.bucketOf(value)]++;
                min = min == null ? value : Math.min(min, value);
                max = max == null ? value : Math.max(max, value);
            }
        }

        public Instrument instrument() { return instrument; }
        public String labelsJson() { return labelsJson; }
        public double sum() { return sum; }
        public long count() { return count; }
        public long[] buckets() { return buckets; }
        public Double min() { return min; }
        public Double max() { return max; }

        public SeriesAmount amount() {
            return new SeriesAmount(sum, count, buckets, min, max);
        }
    }

    private final SortedMap<String, Total> byKey = new TreeMap<>();

    public static SeriesTotals of(List<Measurement> measurements) {
        SeriesTotals totals = new SeriesTotals();
        for (Measurement m : measurements) {
            String labels = labelsJson(m.labels());
            totals.byKey.computeIfAbsent(key(m.instrument().metricName(), labels), k -> new Total(m.instrument(), labels))
                    .add(m.value());
        }
        return totals;
    }

    /** Series keys in ascending order with their totals. */
    public SortedMap<String, Total> byKey() {
        return byKey;
    }

    public Collection<Total> totals() {
        return byKey.values();
    }

    static String labelsJson(SortedMap<String, String> labels) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        labels.forEach(b::add);
        return b.build().toString();
    }

    /** SHA-256 of name and labels: fixed length, fit for a primary key. */
    static String key(String name, String labelsJson) {
        return HexFormat.of().formatHex(Digests.sha256(name + "\n" + labelsJson));
    }
}
