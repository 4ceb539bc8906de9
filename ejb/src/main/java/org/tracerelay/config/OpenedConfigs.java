package org.tracerelay.config;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import org.tracerelay.export.Destination;
import org.tracerelay.support.LruMaps;

/**
 * Destinations with their secrets opened, so a busy destination is not decrypted per batch.
 * Bounded (LRU) and keyed by destination key (no secret in a key); an entry counts only while
 * the config row's {@code updated_at} is unchanged, so a change on any node invalidates it.
 */
@ApplicationScoped
public class OpenedConfigs {

    private static final int MAX_ENTRIES = 10_000;

    private record Entry(Instant version, Destination destination) {
    }

    private final Map<String, Entry> entries = LruMaps.synchronizedLru(MAX_ENTRIES);

    public Destination get(String key, Instant version, Supplier<Destination> open) {
        Entry e = entries.get(key);
        if (e != null && e.version().equals(version)) {
            return e.destination();
        }
        Destination d = open.get();
        entries.put(key, new Entry(version, d));
        return d;
    }
}
