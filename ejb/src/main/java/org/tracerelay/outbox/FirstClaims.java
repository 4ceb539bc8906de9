package org.tracerelay.outbox;

import java.time.Instant;
import java.util.List;

/**
 * Fired (synchronously, inside the claiming transaction) for the deliveries of a batch that no
 * drain had claimed before: an observer that counts them commits with the claim, exactly once.
 */
public record FirstClaims(String destination, List<ClaimedDelivery> deliveries, Instant claimedAt) {
}
