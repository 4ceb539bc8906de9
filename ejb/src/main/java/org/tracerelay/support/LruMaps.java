package org.tracerelay.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bound every in-memory cache of the relay has: least recently used entries go first. */
public final class LruMaps {

    private LruMaps() {
    }

    public static <K, V> Map<K, V> synchronizedLru(int maxEntries) {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        });
    }
}
