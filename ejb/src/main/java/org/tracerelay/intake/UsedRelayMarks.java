package org.tracerelay.intake;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The ids of the relay marks messages were already taken with: a mark admits its message as the
 * relay's once. The id is recorded in the transaction that stores the message's tasks, so a
 * rollback (and the broker's redelivery) leaves it unused. Kept as long as the retention
 * ({@link org.tracerelay.outbox.OutboxPurge}); older marks are not the relay's anyway.
 */
@Stateless
public class UsedRelayMarks {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** Records the mark as used in the caller's transaction: false when a message was taken with it before. */
    public boolean use(RelayMark.Issued mark) {
        return em.createNativeQuery("insert into relay_mark_used (id, issued_at) values (?1, ?2) on conflict do nothing")
                .setParameter(1, mark.id()).setParameter(2, mark.at()).executeUpdate() == 1;
    }
}
