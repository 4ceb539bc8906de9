package org.tracerelay.task;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Dify's isoformat() timestamps to epoch nanoseconds; a naive one is read as UTC. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException naive) {
                return null;
            }
        }
    }

    /** [start, end] in epoch nanos from a payload's start_time/end_time; an end before the start collapses to it. */
    public static long[] window(String startText, String endText, Instant fallback) {
        Instant start = parse(startText);
        Instant end = parse(endText);
        start = start != null ? start : fallback;
        end = end != null && !end.isBefore(start) ? end : start;
        return new long[] {nanos(start), nanos(end)};
    }

    public static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}
