package org.tracerelay.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.outbox.DestinationHolds;
import org.tracerelay.outbox.RetryPolicy;
import org.tracerelay.support.LruMaps;

/**
 * One breaker per destination, shared by all nodes through {@link DestinationHolds} and kept
 * across restarts. A batch that comes back "retry" as a whole (backend down, overloaded,
 * unreachable) opens it for the retry policy's next wait (5 s growing to 5 min, or the backend's
 * Retry-After); then one batch probes. The batch's deliveries keep their place in line meanwhile,
 * so a recovered backend gets the oldest first, and no other destination waits for this one.
 * This node remembers the holds it saw, so a closed breaker costs one key lookup per batch.
 */
@ApplicationScoped
public class CircuitBreakers {

    private static final Logger LOG = Logger.getLogger(CircuitBreakers.class.getName());

    @Inject
    RetryPolicy policy;

    /** Null outside a container: then the breakers are this object's alone (domain tests). */
    @Inject
    DestinationHolds holds;

    /** failures: whole-batch failures in a row; openUntil: null while closed. */
    record State(int failures, Instant openUntil) {
    }

    private final Map<String, State> states = LruMaps.synchronizedLru(10_000);

    public CircuitBreakers() {
    }

    CircuitBreakers(RetryPolicy policy) {
        this.policy = policy;
    }

    CircuitBreakers(RetryPolicy policy, DestinationHolds holds) {
        this.policy = policy;
        this.holds = holds;
    }

    /** Whether a batch may go to this destination now (closed, or open but due for a probe), by any node's hold. */
    public boolean allows(String destination, Instant now) {
        if (!allowsHere(destination, now)) {
            return false;
        }
        if (holds == null) {
            return true;
        }
        // Another node (or this one before a restart) may have opened it.
        Optional<DestinationHolds.Hold> shared = holds.of(destination);
        shared.ifPresent(h -> states.put(destination, new State(h.failures(), h.openUntil())));
        return shared.map(h -> !now.isBefore(h.openUntil())).orElse(true);
    }

    /** As {@link #allows}, by the holds this node knows (its own outcomes and the holds it read), without a query. */
    public boolean allowsHere(String destination, Instant now) {
        State s = states.get(destination);
        return s == null || !now.isBefore(s.openUntil());
    }

    /** Whether these outcomes say the destination as a whole is unavailable. */
    public static boolean destinationDown(Collection<ExportOutcome> outcomes) {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(o -> o.kind() == ExportOutcome.Kind.RETRY);
    }

    /**
     * Whether the destination refused the whole batch as wrongly addressed (401, 403, 404): the
     * items are dead with that code, and the breaker keeps the next ones from dying the same way
     * until someone fixes the config (and redrives).
     */
    public static boolean destinationRefused(Collection<ExportOutcome> outcomes) {
        return !outcomes.isEmpty() && outcomes.stream().allMatch(ExportOutcome::destinationRefused);
    }

    public void record(String destination, Collection<ExportOutcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        if (!destinationDown(outcomes) && !destinationRefused(outcomes)) {
            if (states.remove(destination) != null && holds != null) {
                holds.clear(destination);
            }
            return;
        }
        Duration retryAfter = outcomes.stream().map(ExportOutcome::retryAfter).filter(Objects::nonNull)
                .max(Duration::compareTo).orElse(null);
        if (holds != null) {
            try {
                DestinationHolds.Hold h = holds.fail(destination, Objects.toString(outcomes.iterator().next().code(), "down"),
                        failures -> policy.nextAttempt(now, failures, retryAfter));
                states.put(destination, new State(h.failures(), h.openUntil()));
                return;
            } catch (RuntimeException e) {
                // Two nodes opened it at once (the other's hold stands) or the database is away: hold here anyway.
                LOG.fine(() -> "hold of " + destination + " not stored: " + e);
            }
        }
        states.compute(destination, (k, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            return new State(failures, policy.nextAttempt(now, failures, retryAfter));
        });
    }

    /** Destinations whose breaker is open now, on any node: for the relay's own metrics. */
    public long openCount(Instant now) {
        if (holds != null) {
            return holds.openCount(now);
        }
        synchronized (states) {
            return states.values().stream().filter(s -> now.isBefore(s.openUntil())).count();
        }
    }
}
