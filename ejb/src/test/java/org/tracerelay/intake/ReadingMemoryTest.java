package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.tracerelay.task.IntakeLimits;

/** Bodies take turns for the heap they may take: a large one at a time, small ones beside it. */
class ReadingMemoryTest {

    @Test
    void aLargeBodyLeavesRoomForSmallOnesAndTheNextLargeOneWaits() throws Exception {
        ReadingMemory memory = new ReadingMemory(256);
        try (ReadingMemory.Lease large = memory.reserve(IntakeLimits.MAX_BYTES, Duration.ZERO)) {
            assertNotNull(large);
            assertNull(memory.reserve(IntakeLimits.MAX_BYTES, Duration.ofMillis(50)), "a second one waits for the first");
            try (ReadingMemory.Lease small = memory.reserve(2_000, Duration.ZERO)) {
                assertNotNull(small, "another tenant's task finds room beside it");
            }
        }
        assertEquals(256 * 1024, memory.freeKib(), "everything given back");
    }

    @Test
    void aBodyNeverNeedsMoreThanTheWholeBudgetSoTheLargestIsReadAlone() throws Exception {
        ReadingMemory memory = new ReadingMemory(64);
        try (ReadingMemory.Lease large = memory.reserve(IntakeLimits.MAX_RELAY_BYTES, Duration.ZERO)) {
            assertNotNull(large);
            assertEquals(0, memory.freeKib());
        }
    }
}
