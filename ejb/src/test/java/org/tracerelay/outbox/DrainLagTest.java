package org.tracerelay.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainLagTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final long NANOS = 1_000_000_000_000L;
    private final DrainLag lag = new DrainLag();

    private static List<ClaimedDelivery> tasks(String tenant, long... ageMillis) {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        for (long age : ageMillis) {
            claimed.add(new ClaimedDelivery("d" + claimed.size(), "t" + claimed.size(), tenant, "message_trace",
                    NOW.minusMillis(age), "{}", null, null, 0, "r" + claimed.size()));
        }
        return claimed;
    }

    private void claim(String destination, boolean full, List<ClaimedDelivery> claimed) {
        lag.claimed(destination, full, claimed, claimed, NOW, NANOS);
    }

    @Test
    void aFullClaimReadsTheAgeOfTheOldestTaskItTookFirst() {
        claim("otlp/app-1", true, tasks("acme", 300, 4_200, 1_000));
        assertEquals(Duration.ofMillis(4_200), lag.of("acme", Set.of("app-1"), NANOS));
    }

    @Test
    void aClaimThatFoundLessThanABatchSaysTheDestinationCaughtUp() {
        claim("otlp/app-1", true, tasks("acme", 9_000));
        // A low-rate app's tasks wait for the timer's tick: that is not lag.
        claim("otlp/app-1", false, tasks("acme", 4_900));
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("app-1"), NANOS));
    }

    @Test
    void retriesAreNotIntakesLag() {
        List<ClaimedDelivery> retried = tasks("acme", 600_000);
        lag.claimed("otlp/app-1", true, retried, List.of(), NOW, NANOS);
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("app-1"), NANOS));
    }

    @Test
    void theSlowestOfAnAppsDestinationsCounts() {
        claim("otlp/app-1", true, tasks("acme", 2_000));
        claim("langfuse/app-1", true, tasks("acme", 7_000));
        claim("phoenix/app-1", false, tasks("acme", 100));
        assertEquals(Duration.ofMillis(7_000), lag.of("acme", Set.of("app-1"), NANOS));
    }

    @Test
    void oneAppsLagIsNeverAnotherAppsNorAnotherTenants() {
        claim("otlp/app-1", true, tasks("acme", 8_000));
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("app-2"), NANOS));
        // The same app id under another tenant (an app that moved) reads its own rows only.
        assertEquals(Duration.ZERO, lag.of("globex", Set.of("app-1"), NANOS));
        assertEquals(Duration.ofMillis(8_000), lag.of("acme", Set.of("app-2", "app-1"), NANOS));
    }

    @Test
    void aReadingGoesStaleSoADestinationHeldByItsBreakerPacesNoOne() {
        claim("otlp/app-1", true, tasks("acme", 8_000));
        long later = NANOS + DrainLag.FRESH.toNanos() + 1;
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("app-1"), later));
    }

    @Test
    void aRowWhoseTaskRowIsMissingNamesNoTenantAndTheOthersStillCount() {
        List<ClaimedDelivery> claimed = new ArrayList<>();
        claimed.add(new ClaimedDelivery("d-missing", null, null, null, NOW, null, "task row missing", null, 0, "r-missing"));
        claimed.addAll(tasks("acme", 3_000));
        claim("otlp/app-1", true, claimed);
        assertEquals(Duration.ofMillis(3_000), lag.of("acme", Set.of("app-1"), NANOS));
    }

    @Test
    void deploymentWideDestinationsAreNotRead() {
        claim("enterprise", true, tasks("acme", 30_000));
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("enterprise"), NANOS));
        assertEquals(Duration.ZERO, lag.of("acme", Set.of("app-1"), NANOS));
    }
}
