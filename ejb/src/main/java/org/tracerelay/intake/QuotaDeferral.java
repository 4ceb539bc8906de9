package org.tracerelay.intake;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.time.Duration;
import java.time.Instant;

/**
 * A JMS producer's message that arrived while its tenant (or one of its apps' destinations) was at
 * its backlog quota. Its send committed, so it is not dropped: the relay puts a copy back on
 * TraceTasks, delayed (the Retry-After REST would answer, doubling with each deferral up to
 * {@link #MAX_DELAY}) and at the lowest priority, and takes the original. The copy keeps the
 * original's message id for the ids of its items without one, so a deferral never changes a task
 * id. After {@code trace.intake.jms.max-deferral} it goes to the dead-letter queue with the reason.
 * A producer setting these properties itself only defers or dead-letters its own message sooner.
 *
 * @param originalId the message id the producer's send was given (never null for a consumed message)
 * @param since      when the message was first deferred, or null if it never was
 * @param count      how often it was deferred
 * @param token      the producer token the message carried, copied with it
 */
public record QuotaDeferral(String originalId, Instant since, int count, String token) {

    static final String ORIGINAL_ID = "trace_relay_original_id";
    static final String SINCE = "trace_relay_deferred_since";
    static final String COUNT = "trace_relay_deferrals";
    /** Below JMS's default (4) and REST's (9): a deferred message never overtakes fresh work. */
    static final int PRIORITY = 0;
    static final Duration MAX_DELAY = Duration.ofMinutes(5);

    /** What a consumed message says of its deferrals (none for a first delivery). */
    public static QuotaDeferral of(Message message) throws JMSException {
        String original = message.getStringProperty(ORIGINAL_ID);
        long since = number(message, SINCE);
        long count = number(message, COUNT);
        return new QuotaDeferral(original != null ? original : message.getJMSMessageID(),
                since > 0 ? Instant.ofEpochMilli(since) : null, (int) Math.min(Integer.MAX_VALUE, Math.max(0, count)),
                message.getStringProperty(ProducerTokens.PROPERTY));
    }

    /** A numeric property, or 0 when absent or not a number (a producer's own, harmless to ignore). */
    private static long number(Message message, String name) throws JMSException {
        if (!message.propertyExists(name)) {
            return 0;
        }
        try {
            return message.getLongProperty(name);
        } catch (jakarta.jms.MessageFormatException | NumberFormatException e) {
            return 0;
        }
    }

    /** A message the relay consumes as it is (its own, or one whose properties do not matter). */
    static QuotaDeferral none(String messageId) {
        return new QuotaDeferral(messageId, null, 0, null);
    }

    /** How long the next copy waits: the refusal's Retry-After, doubled per earlier deferral. */
    Duration nextDelay(long retryAfterSeconds) {
        long seconds = Math.max(1, retryAfterSeconds);
        int doublings = Math.min(count, 20);
        return Duration.ofSeconds(Math.min(MAX_DELAY.toSeconds(), seconds << doublings));
    }

    /** Whether the message has waited for its quota longer than {@code maxDeferral}. */
    boolean expired(Instant now, Duration maxDeferral) {
        return since != null && since.plus(maxDeferral).isBefore(now);
    }

    Instant sinceOr(Instant now) {
        return since != null ? since : now;
    }
}
