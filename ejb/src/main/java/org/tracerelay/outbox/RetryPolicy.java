package org.tracerelay.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one retry policy of every destination: exponential backoff with jitter from
 * {@code trace.retry.initial} up to {@code trace.retry.max} per wait, a backend's Retry-After
 * honoured up to {@code trace.retry.max-retry-after}, and a total budget after which a delivery
 * is dead.
 */
@ApplicationScoped
public class RetryPolicy {

    @Inject
    @ConfigProperty(name = "trace.retry.initial", defaultValue = "PT5S")
    Duration initial;

    @Inject
    @ConfigProperty(name = "trace.retry.max", defaultValue = "PT5M")
    Duration max;

    @Inject
    @ConfigProperty(name = "trace.retry.max-retry-after", defaultValue = "PT1H")
    Duration maxRetryAfter;

    @Inject
    @ConfigProperty(name = "trace.retry.budget", defaultValue = "PT24H")
    Duration budget;

    public RetryPolicy() {
    }

    public RetryPolicy(Duration initial, Duration max, Duration maxRetryAfter, Duration budget) {
        this.initial = initial;
        this.max = max;
        this.maxRetryAfter = maxRetryAfter;
        this.budget = budget;
    }

    /** When the next attempt may run, after {@code attempts} tries so far. */
    public Instant nextAttempt(Instant now, int attempts, Duration retryAfter) {
        if (retryAfter != null) {
            return now.plus(retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter);
        }
        int doublings = Math.max(0, Math.min(attempts - 1, 30));
        long base = Math.min(max.toMillis(), initial.toMillis() << Math.min(doublings, 20));
        // +-20 % jitter so destinations that failed together do not retry in lockstep.
        long jitter = (long) (base * (ThreadLocalRandom.current().nextDouble(0.4) - 0.2));
        return now.plusMillis(Math.max(0, Math.min(max.toMillis(), base + jitter)));
    }

    public boolean exhausted(Instant createdAt, Instant next) {
        return Duration.between(createdAt, next).compareTo(budget) > 0;
    }
}
