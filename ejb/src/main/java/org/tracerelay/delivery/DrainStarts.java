package org.tracerelay.delivery;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * When this node starts draining a destination. The timer starts a full drain of every destination
 * with work (it bounds latency, and finds what other nodes stored). Between ticks, a destination
 * that this node stored a full batch for since its last start gets an early drain of one batch
 * (so the interval's work is not exported in one burst), while fewer than {@code earlyLimit} early
 * drains run here: intake keeps the rest of the cores. One drain per destination at a time, early
 * or not. A finished drain hands its early slot to the destination waiting longest in rows.
 * Counts are a hint, not the truth (the rows and their locks are): a drain that finds less than a
 * batch just stops. Pure and thread-safe, no container needed.
 */
final class DrainStarts {

    /** A drain to start: {@code early} ones take one batch, the timer's go on while batches are full. */
    record Start(String destination, boolean early) {
    }

    private final int batchSize;
    private final int earlyLimit;
    /** Rows this node stored per destination since that destination's last start here. */
    private final Map<String, Integer> waiting = new HashMap<>();
    private final Set<String> running = new HashSet<>();
    private int earlyRunning;

    DrainStarts(int batchSize, int earlyLimit) {
        this.batchSize = Math.max(1, batchSize);
        this.earlyLimit = Math.max(0, earlyLimit);
    }

    /** After a commit stored {@code rows} deliveries for the destination: an early drain, or none. */
    synchronized Optional<Start> stored(String destination, int rows) {
        waiting.merge(destination, rows, Integer::sum);
        return fullBatch(destination) ? Optional.of(startEarly(destination)) : Optional.empty();
    }

    /** The timer found work for the destination: a full drain unless one already runs here. */
    synchronized Optional<Start> tick(String destination) {
        if (!running.add(destination)) {
            return Optional.empty();
        }
        // It goes on while batches are full, so it takes what was waiting.
        waiting.remove(destination);
        return Optional.of(new Start(destination, false));
    }

    /**
     * A drain ended having attempted {@code attempted} deliveries: the next early drain it makes
     * room for, if any. Less than a batch means nothing more is due (held by the breaker, not yet
     * due, or taken by another node): that destination waits for the timer.
     */
    synchronized Optional<Start> finished(Start start, int attempted) {
        abandoned(start);
        if (attempted < batchSize) {
            waiting.remove(start.destination());
        }
        String longest = null;
        for (Map.Entry<String, Integer> w : waiting.entrySet()) {
            if (fullBatch(w.getKey()) && (longest == null || w.getValue() > waiting.get(longest))) {
                longest = w.getKey();
            }
        }
        return longest == null ? Optional.empty() : Optional.of(startEarly(longest));
    }

    /** A start the executor refused: released without making room for another. */
    synchronized void abandoned(Start start) {
        running.remove(start.destination());
        if (start.early()) {
            earlyRunning--;
        }
    }

    synchronized boolean isRunning(String destination) {
        return running.contains(destination);
    }

    private boolean fullBatch(String destination) {
        return earlyRunning < earlyLimit && !running.contains(destination) && waiting.getOrDefault(destination, 0) >= batchSize;
    }

    private Start startEarly(String destination) {
        running.add(destination);
        earlyRunning++;
        int left = waiting.get(destination) - batchSize;
        if (left > 0) {
            waiting.put(destination, left);
        } else {
            waiting.remove(destination);
        }
        return new Start(destination, true);
    }
}
