package org.tracerelay.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RowIdsTest {

    @Test
    void idsAreVersion7UuidsThatSortByTheirMillisecond() {
        long t = 1_790_000_000_000L;
        String earlier = RowIds.next(t);
        String later = RowIds.next(t + 1);
        UUID parsed = UUID.fromString(earlier);
        assertEquals(7, parsed.version());
        assertEquals(2, parsed.variant());
        assertEquals(t, parsed.getMostSignificantBits() >>> 16, "the first 48 bits are the millisecond");
        assertTrue(earlier.compareTo(later) < 0, earlier + " sorts before " + later);
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(RowIds.next(42L));
        }
        assertEquals(10_000, ids.size());
    }
}
