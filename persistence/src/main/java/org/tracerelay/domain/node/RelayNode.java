package org.tracerelay.domain.node;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One node's readiness as that node last checked it; only the node itself writes its row. */
@Entity
@Table(name = "relay_node")
public class RelayNode {

    static final int DETAIL_LENGTH = 200;

    @Id
    @Column(name = "node_id")
    private String nodeId;

    private boolean ready;

    @Column(nullable = false)
    private String detail;

    @Column(name = "checked_at", nullable = false)
    private Instant checkedAt;

    protected RelayNode() {
    }

    public RelayNode(String nodeId) {
        this.nodeId = nodeId;
    }

    public void checked(boolean ready, String detail, Instant at) {
        this.ready = ready;
        this.detail = detail.length() > DETAIL_LENGTH ? detail.substring(0, DETAIL_LENGTH) : detail;
        this.checkedAt = at;
    }

    public String getNodeId() { return nodeId; }
    public boolean isReady() { return ready; }
    public String getDetail() { return detail; }
    public Instant getCheckedAt() { return checkedAt; }
}
