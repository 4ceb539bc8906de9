package org.tracerelay.domain.delivery;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivery ids as UUIDv7 (RFC 9562): the millisecond clock first, so a new id sorts after the
 * older ones and lands on the last page of the primary key instead of a random one.
 */
public final class DeliveryIds {

    private DeliveryIds() {
    }

    public static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | random.nextInt(1 << 12);
        long low = random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | Long.MIN_VALUE;
        return new UUID(high, low).toString();
    }
}
