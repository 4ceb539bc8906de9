package org.tracerelay.export;

import java.time.Instant;
import java.util.List;

/**
 * Fired (synchronously, inside the claiming transaction) for the tasks of a batch that no drain
 * had claimed before: an observer that counts them commits with the claim, exactly once.
 */
public record FirstClaims(String destination, List<Task> tasks, Instant claimedAt) {

    /** A first-claimed task as stored: its envelope JSON is null when the task could not be loaded. */
    public record Task(String taskId, Instant receivedAt, String envelopeJson) {
    }
}
