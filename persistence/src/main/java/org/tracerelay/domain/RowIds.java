package org.tracerelay.domain;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Row ids of the append-heavy tables (deliveries, tasks) as UUIDv7 (RFC 9562): the millisecond
 * clock first, so a new row sorts after the older ones and lands on the last page of the primary
 * key instead of a random one (a B-tree that only grows at its right edge).
 */
public final class RowIds {

    private RowIds() {
    }

    public static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | random.nextInt(1 << 12);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
        return new UUID(high, low).toString();
    }
}
