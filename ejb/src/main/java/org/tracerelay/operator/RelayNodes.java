package org.tracerelay.operator;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import org.tracerelay.domain.node.RelayNode;

/** The nodes' rows: each node writes its own, anyone reads all. */
@Stateless
public class RelayNodes {

    /** More nodes than any cluster of one database has; the view lists the most recent first. */
    static final int MAX_NODES = 200;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** Commits on its own: a report must not wait for (or roll back with) anything else. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void report(String node, boolean ready, String detail, Instant at) {
        RelayNode row = em.find(RelayNode.class, node);
        if (row == null) {
            row = new RelayNode(node);
            row.checked(ready, detail, at);
            em.persist(row);
        } else {
            row.checked(ready, detail, at);
        }
    }

    public List<RelayNode> all() {
        return em.createQuery("select n from RelayNode n order by n.checkedAt desc", RelayNode.class)
                .setMaxResults(MAX_NODES).getResultList();
    }
}
