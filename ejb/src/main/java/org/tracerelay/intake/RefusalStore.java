package org.tracerelay.intake;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;

/**
 * What is kept of refused JMS messages: a {@code rejected_task} row (why) and the message itself on
 * TraceTasksDLQ. Both are bounded: kept for {@code trace.retention.rejected}, and at most the
 * newest {@code trace.retention.rejected.max} records; the dead-letter messages up to the oldest
 * record kept, so a flood of refused messages cannot fill the database or the broker's disk.
 */
@Stateless
public class RefusalStore {

    /** Dead-letter messages one purge takes at most: the rest waits for the next period. */
    static final int DEAD_LETTERS_PER_PURGE = 50_000;
    private static final long RECEIVE_WAIT_MILLIS = 200;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    JMSContext jms;

    @Resource(lookup = TraceTaskQueue.DEAD_LETTER_JNDI)
    Queue deadLetters;

    public long stored() {
        return ((Number) em.createNativeQuery("select count(*) from rejected_task").getSingleResult()).longValue();
    }

    /**
     * Removes the records received before {@code cutoff}, then all but the newest {@code keep}.
     * @return records removed, and the time before which dead-letter messages go too
     */
    public Trimmed trimRecords(Instant cutoff, int keep) {
        int removed = em.createNativeQuery("delete from rejected_task where received_at < ?1")
                .setParameter(1, cutoff).executeUpdate();
        // The newest record past the ones kept, if there are more than that.
        List<?> firstDropped = em.createNativeQuery("select received_at from rejected_task order by received_at desc")
                .setFirstResult(Math.max(0, keep)).setMaxResults(1).getResultList();
        if (firstDropped.isEmpty()) {
            return new Trimmed(removed, cutoff);
        }
        Instant bound = toInstant(firstDropped.get(0));
        removed += em.createNativeQuery("delete from rejected_task where received_at <= ?1")
                .setParameter(1, bound).executeUpdate();
        Instant after = bound.plusMillis(1);
        return new Trimmed(removed, after.isAfter(cutoff) ? after : cutoff);
    }

    /**
     * The messages waiting on TraceTasksDLQ, counted by browsing (nothing is taken), up to
     * {@code cap}: past it the count says only "at least".
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public long deadLetters(long cap) {
        long seen = 0;
        try (QueueBrowser browser = jms.createBrowser(deadLetters)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (seen < cap && messages.hasMoreElements()) {
                messages.nextElement();
                seen++;
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        return seen;
    }

    /** Records removed, and the time before which the dead-letter queue's messages go as well. */
    public record Trimmed(int records, Instant deadLettersBefore) {
    }

    /**
     * Takes the dead-letter messages put there before {@code before} (by the relay's refusal, or
     * by the broker after the last delivery attempt: the time their producer sent them), each
     * acknowledged on its own, outside any transaction.
     * @return messages removed
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public int purgeDeadLetters(Instant before) {
        int taken = 0;
        try (JMSConsumer consumer = jms.createConsumer(deadLetters, "JMSTimestamp < " + before.toEpochMilli())) {
            while (taken < DEAD_LETTERS_PER_PURGE && consumer.receive(RECEIVE_WAIT_MILLIS) != null) {
                taken++;
            }
        }
        return taken;
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
