package org.tracerelay.operator;

import java.time.Duration;
import java.time.Instant;

/**
 * A node as the operator sees it: ready or not by its own last check, or silent when that check is
 * older than {@code silentAfter} (the node stopped, died or lost the database).
 */
public record NodeState(String node, Status status, String detail, Instant checkedAt) {

    public enum Status { READY, NOT_READY, SILENT }

    public static NodeState of(String node, boolean ready, String detail, Instant checkedAt, Instant now, Duration silentAfter) {
        Status status = checkedAt.plus(silentAfter).isBefore(now) ? Status.SILENT : ready ? Status.READY : Status.NOT_READY;
        return new NodeState(node, status, detail, checkedAt);
    }
}
