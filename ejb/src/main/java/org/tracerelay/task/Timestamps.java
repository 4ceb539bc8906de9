package org.tracerelay.task;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Dify's isoformat() timestamps to epoch nanoseconds; a naive one is read as UTC. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * The instant a timestamp names, or null when it is not one. Python's isoformat() shapes
     * ({@code 2026-11-21T09:00:00[.ffffff][+hh:mm|Z]}) are read by hand; anything else goes to
     * java.time's ISO parsers, which give the same answers, only slower: two timestamps per span
     * through them were a twentieth of the relay's CPU at full load, and a naive timestamp (Dify's
     * usual) paid for a thrown exception first.
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = common(text);
        return fast != null ? fast : iso(text);
    }

    /** java.time's reading: an offset date-time, else a local one as UTC. */
    static Instant iso(String text) {
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

    /** The isoformat() shapes, or null for anything else (java.time then decides). */
    static Instant common(String t) {
        int n = t.length();
        if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (i < n && t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i++) - '0');
            }
            if (i == start || (i < n && isDigit(t.charAt(i)))) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n) {
            offsetSeconds = 0;
        } else if (i + 1 == n && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i + 6 == n && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int oh = digits(t, i + 1, 2);
            int om = digits(t, i + 4, 2);
            if ((oh | om) < 0 || oh > 18 || om > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException outOfRange) {
            return null;
        }
    }

    private static int digits(String t, int from, int count) {
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = t.charAt(k);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
