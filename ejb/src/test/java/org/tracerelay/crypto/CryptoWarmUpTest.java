package org.tracerelay.crypto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CryptoWarmUpTest {

    @Test
    void sealsOpensAndMacsUntilItsTimeIsUp() {
        long started = System.nanoTime();
        long rounds = CryptoWarmUp.run(200);
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        // Every round opened what it sealed (run throws otherwise); it stops at its deadline.
        assertTrue(rounds > 0, "no round done");
        assertTrue(tookMs >= 200, "stopped early: " + tookMs + " ms");
    }

    @Test
    void zeroSecondsDoesNothing() {
        assertTrue(CryptoWarmUp.run(0) == 0);
    }
}
