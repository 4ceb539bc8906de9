package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void isoformatShapesReadAsJavaTimeReadsThem() {
        assertEquals(Instant.parse("2026-11-21T09:00:00Z"), Timestamps.parse("2026-11-21T09:00:00+00:00"));
        assertEquals(Instant.parse("2026-11-21T09:00:00.200Z"), Timestamps.parse("2026-11-21T09:00:00.200000"));
        assertEquals(Instant.parse("2026-11-21T07:30:00.000000001Z"), Timestamps.parse("2026-11-21T09:00:00.000000001+01:30"));
        assertEquals(Instant.parse("2026-11-21T10:00:00Z"), Timestamps.parse("2026-11-21T09:00:00-01:00"));
        Random random = new Random(7);
        List<String> fractions = List.of("", ".1", ".25", ".123", ".123456", ".123456789");
        List<String> offsets = List.of("", "Z", "+00:00", "-00:00", "+05:30", "-11:45", "+18:00", "-18:00", "+14:00");
        for (int k = 0; k < 5_000; k++) {
            LocalDateTime at = LocalDateTime.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), 0, ZoneOffset.UTC);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", at.getYear(), at.getMonthValue(), at.getDayOfMonth(),
                    at.getHour(), at.getMinute(), at.getSecond())
                    + fractions.get(random.nextInt(fractions.size())) + offsets.get(random.nextInt(offsets.size()));
            Instant expected = Timestamps.iso(text);
            assertNotNull(expected, text);
            assertEquals(expected, Timestamps.common(text), text);
            assertEquals(expected, Timestamps.parse(text), text);
        }
    }

    @Test
    void otherShapesAreLeftToJavaTimeWithTheSameAnswer() {
        for (String text : List.of("2026-11-21T09:00+00:00", "2026-11-21t09:00:00z", "2026-11-21T09:00", "+12026-11-21T09:00:00Z",
                "2026-11-21T09:00:00.", "2026-11-21T09:00:00.1234567891", "2026-02-30T09:00:00", "2026-11-21T24:00:00",
                "2026-11-21T09:60:00", "2026-11-21T09:00:60Z", "2026-13-01T00:00:00", "2026-11-21T09:00:00+19:00",
                "2026-11-21T09:00:00+18:30", "2026-11-21T09:00:00+05:30:15", "2026-11-21T09:00:00+0530", "2026-11-21 09:00:00",
                "2026-11-21T09:00:00 ", "2026-11-21", "yesterday", "", "2026-1x-21T09:00:00", "2026-11-21T09:00:00+5:30")) {
            assertEquals(Timestamps.iso(text), Timestamps.parse(text), text);
        }
        assertNull(Timestamps.parse("2026-02-30T09:00:00"));
        assertNull(Timestamps.parse(null));
        assertNull(Timestamps.common("2026-11-21T09:00+00:00"));
    }

    @Test
    void aWindowNeverEndsBeforeItStarts() {
        Instant fallback = Instant.parse("2026-01-01T00:00:00Z");
        long[] w = Timestamps.window("2026-11-21T09:00:02", "2026-11-21T09:00:01", fallback);
        assertEquals(w[0], w[1]);
        assertEquals(Timestamps.nanos(fallback), Timestamps.window(null, null, fallback)[0]);
    }
}
