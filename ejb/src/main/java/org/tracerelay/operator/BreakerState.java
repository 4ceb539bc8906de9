package org.tracerelay.operator;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tracerelay.outbox.BacklogFigures.DestinationBacklog;
import org.tracerelay.outbox.DestinationHolds.HeldDestination;

/**
 * A destination's breaker: closed (no hold), open until a time, or due for a probe (the hold's time
 * has passed and the next batch tests the backend), with the work waiting for it.
 */
public record BreakerState(String destination, State state, int failures, Instant openUntil, String reason, long waiting) {

    public enum State { CLOSED, OPEN, PROBING }

    /** Every destination with work waiting or a hold, by name. */
    public static List<BreakerState> of(Collection<DestinationBacklog> backlog, Collection<HeldDestination> holds, Instant now) {
        Map<String, BreakerState> out = new TreeMap<>();
        for (DestinationBacklog b : backlog) {
            out.put(b.destination(), new BreakerState(b.destination(), State.CLOSED, 0, null, null, b.waiting()));
        }
        for (HeldDestination h : holds) {
            long waiting = out.containsKey(h.destination()) ? out.get(h.destination()).waiting() : 0;
            State state = now.isBefore(h.openUntil()) ? State.OPEN : State.PROBING;
            out.put(h.destination(), new BreakerState(h.destination(), state, h.failures(), h.openUntil(), h.reason(), waiting));
        }
        return List.copyOf(out.values());
    }
}
