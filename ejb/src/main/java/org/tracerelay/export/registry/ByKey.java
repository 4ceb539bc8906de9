package org.tracerelay.export.registry;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** Discovered beans by the key each names for itself, in key order, so every node lists them alike. */
final class ByKey {

    private ByKey() {
    }

    /** Refuses two beans with one key: which one serves it would depend on discovery order. */
    static <T> SortedMap<String, T> of(Iterable<? extends T> beans, Function<T, String> key, String what) {
        SortedMap<String, T> byKey = new TreeMap<>();
        for (T bean : beans) {
            if (byKey.put(key.apply(bean), bean) != null) {
                throw new IllegalStateException("two " + what + " claim " + key.apply(bean));
            }
        }
        return Collections.unmodifiableSortedMap(byKey);
    }
}
