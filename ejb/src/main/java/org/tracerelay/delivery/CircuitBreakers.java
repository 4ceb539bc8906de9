package org.tracerelay.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import org.tracerelay.outbox.ExportOutcome;
import org.tracerelay.outbox.RetryPolicy;
import org.tracerelay.support.LruMaps;

/**
 * One breaker per destination, on this node. A batch that comes back "retry" as a whole (backend
 * down, overloaded, unreachable) opens it for the retry policy's next wait (5 s growing to 5 min,
 * or the backend's Retry-After); then one batch probes. The batch's deliveries keep their place
 * in line meanwhile, so a recovered backend gets the oldest first, and no other destination
 * waits for this one.
 */
@ApplicationScoped
public class CircuitBreakers {

    @Inject
    RetryPolicy policy;

    /** failures: whole-batch failures in a row; openUntil: null while closed. */
    record State(int failures, Instant openUntil) {
    }

    private final Map<String, State> states = LruMaps.synchronizedLru(10_000);

    public CircuitBreakers() {
    }

    CircuitBreakers(RetryPolicy policy) {
        this.policy = policy;
    }

    /** Whether a batch may go to this destination now (closed, or open but due for a probe). */
    public boolean allows(String destination, Instant now) {
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
            states.remove(destination);
            return;
        }
        Duration retryAfter = outcomes.stream().map(ExportOutcome::retryAfter).filter(Objects::nonNull)
                .max(Duration::compareTo).orElse(null);
        states.compute(destination, (k, old) -> {
            int failures = old == null ? 1 : old.failures() + 1;
            return new State(failures, policy.nextAttempt(now, failures, retryAfter));
        });
    }

    /** Destinations whose breaker is open now: for the relay's own metrics and readiness. */
    public long openCount(Instant now) {
        synchronized (states) {
            return states.values().stream().filter(s -> now.isBefore(s.openUntil())).count();
        }
    }
}
