package org.tracerelay.export.opik;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Opik takes a new trace or span only when the time in its UUIDv7 id lies within a window around
 * the server's now (a server setting; 12 hours is the narrowest in use, 45 days the widest). Ids
 * embed the task's own times, so a resend repeats them and Opik upserts; a task older than half the
 * window gets its times moved forward by whole half-windows, to the latest half-window before now,
 * so a late retry or replay is taken, and every resend within that half-window still repeats its ids.
 *
 * @param now    the time of this export
 * @param window the server's window ({@code trace.export.opik.id-window})
 */
record OpikIdWindow(Instant now, Duration window) {

    /** How far the ids of a task whose earliest time is {@code t} are moved forward: zero while Opik takes {@code t}. */
    Duration offset(Instant t) {
        Duration step = window.dividedBy(2);
        Instant floor = now.minus(step);
        if (!t.isBefore(floor)) {
            return Duration.ZERO;
        }
        long behind = Duration.between(t, floor).toMillis();
        long steps = (behind + step.toMillis() - 1) / step.toMillis();
        return step.multipliedBy(steps);
    }

    /**
     * The offsets an earlier attempt at the same task may have used: its own times, and the
     * half-window before this one. A moved trace deletes its copies under those ids first.
     */
    List<Duration> earlier(Duration offset) {
        List<Duration> out = new ArrayList<>();
        if (!offset.isZero()) {
            out.add(Duration.ZERO);
            Duration previous = offset.minus(window.dividedBy(2));
            if (!previous.isZero() && !previous.isNegative()) {
                out.add(previous);
            }
        }
        return out;
    }
}
