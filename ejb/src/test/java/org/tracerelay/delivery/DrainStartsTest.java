package org.tracerelay.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrainStartsTest {

    private static final int BATCH = 100;
    private static final String OTLP = "otlp/3f1c2a4e";
    private static final String LANGFUSE = "langfuse/9b0c5d6e";

    private static Optional<DrainStarts.Start> early(String destination) {
        return Optional.of(new DrainStarts.Start(destination, true));
    }

    @Test
    void aFullBatchStoredHereIsDrainedNowAndLessWaitsForTheTimer() {
        DrainStarts starts = new DrainStarts(BATCH, 1);
        assertEquals(Optional.empty(), starts.stored(OTLP, 60), "60 wait: the interval bounds their latency");
        assertEquals(early(OTLP), starts.stored(OTLP, 40), "the 100th row starts a drain of one batch");
        assertTrue(starts.isRunning(OTLP));
    }

    @Test
    void oneDrainPerDestinationAtATimeEarlyOrNot() {
        DrainStarts starts = new DrainStarts(BATCH, 4);
        DrainStarts.Start first = starts.stored(OTLP, 100).orElseThrow();
        assertEquals(Optional.empty(), starts.stored(OTLP, 300), "not while its drain runs");
        assertEquals(Optional.empty(), starts.tick(OTLP), "nor by the timer");
        assertEquals(early(OTLP), starts.finished(first, BATCH), "its end starts the next batch of the 300");

        DrainStarts.Start ticked = starts.tick(LANGFUSE).orElseThrow();
        assertFalse(ticked.early(), "the timer's drain goes on while batches are full");
        assertEquals(Optional.empty(), starts.stored(LANGFUSE, 500), "not beside the timer's drain");
    }

    @Test
    void earlyDrainsAreBoundedAndAFinishedOneHandsItsSlotToTheLongestWaiting() {
        DrainStarts starts = new DrainStarts(BATCH, 1);
        DrainStarts.Start otlp = starts.stored(OTLP, 100).orElseThrow();
        assertEquals(Optional.empty(), starts.stored(LANGFUSE, 150), "the one early slot is taken");
        assertEquals(Optional.empty(), starts.stored("phoenix/1", 120));
        assertEquals(early(LANGFUSE), starts.finished(otlp, BATCH), "150 waiting beats 120");
        assertEquals(Optional.empty(), starts.stored(OTLP, 100), "the slot is LANGFUSE's now");
    }

    @Test
    void theTimersDrainTakesWhatWaitedAndLeavesTheEarlySlotsAlone() {
        DrainStarts starts = new DrainStarts(BATCH, 1);
        starts.stored(OTLP, 90);
        DrainStarts.Start ticked = starts.tick(OTLP).orElseThrow();
        assertEquals(Optional.empty(), starts.finished(ticked, 90));
        assertEquals(Optional.empty(), starts.stored(OTLP, 90), "the 90 before the tick were drained by it");
        assertEquals(early(LANGFUSE), starts.stored(LANGFUSE, 100), "a timer's drain holds no early slot");
    }

    @Test
    void anEarlyDrainThatFindsLessThanABatchLeavesItsDestinationToTheTimer() {
        DrainStarts starts = new DrainStarts(BATCH, 1);
        DrainStarts.Start held = starts.stored(OTLP, 100).orElseThrow();
        starts.stored(OTLP, 250);
        // The breaker held it, or another node took the rows: no drain after drain on stale counts.
        assertEquals(Optional.empty(), starts.finished(held, 0));
        assertEquals(Optional.empty(), starts.stored(OTLP, 50));
    }

    @Test
    void aStartTheExecutorRefusedIsReleased() {
        DrainStarts starts = new DrainStarts(BATCH, 1);
        DrainStarts.Start refused = starts.stored(OTLP, 100).orElseThrow();
        starts.abandoned(refused);
        assertFalse(starts.isRunning(OTLP));
        assertEquals(early(LANGFUSE), starts.stored(LANGFUSE, 100), "its slot is free again");
    }
}
