package org.tracerelay.outbox;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tracerelay.domain.delivery.DestinationHold;

/**
 * The destinations' breakers as every node and a restart see them. Each write commits on its own,
 * at once: a hold that waited for a batch's transaction would let other nodes send meanwhile.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class DestinationHolds {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** Failures in a row and the end of the wait, if the destination was held. */
    public record Hold(int failures, Instant openUntil) {
    }

    public Optional<Hold> of(String destination) {
        DestinationHold h = em.find(DestinationHold.class, destination);
        return h == null ? Optional.empty() : Optional.of(new Hold(h.getFailures(), h.getOpenUntil()));
    }

    /** One more failure in a row; the wait comes from the count the database holds (any node's). */
    public Hold fail(String destination, String reason, java.util.function.IntFunction<Instant> waitUntil) {
        DestinationHold h = em.find(DestinationHold.class, destination, LockModeType.PESSIMISTIC_WRITE);
        if (h == null) {
            h = new DestinationHold(destination);
            h.hold(1, waitUntil.apply(1), reason);
            em.persist(h);
        } else {
            h.hold(h.getFailures() + 1, waitUntil.apply(h.getFailures() + 1), reason);
        }
        return new Hold(h.getFailures(), h.getOpenUntil());
    }

    public void clear(String destination) {
        em.createQuery("delete from DestinationHold h where h.destination = :d").setParameter("d", destination).executeUpdate();
    }

    /** A held destination, for the operator's view. */
    public record HeldDestination(String destination, int failures, Instant openUntil, String reason) {
    }

    /** Every hold there is, at most {@code limit} (a hold exists only while its destination fails). */
    public List<HeldDestination> all(int limit) {
        return em.createQuery("select h from DestinationHold h order by h.destination", DestinationHold.class)
                .setMaxResults(limit).getResultStream()
                .map(h -> new HeldDestination(h.getDestination(), h.getFailures(), h.getOpenUntil(), h.getReason())).toList();
    }

    public long openCount(Instant now) {
        return em.createNamedQuery(DestinationHold.OPEN_COUNT, Long.class).setParameter("now", now).getSingleResult();
    }
}
