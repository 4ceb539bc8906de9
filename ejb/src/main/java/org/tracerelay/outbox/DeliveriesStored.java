package org.tracerelay.outbox;

import java.util.Map;

/**
 * Fired when a message's delivery rows are inserted, with how many each destination got; observed
 * after the commit (AFTER_SUCCESS) by the drain, which can start at once on a full batch instead
 * of waiting for its timer. Only a hint: rows other nodes store are found by the timer.
 */
public record DeliveriesStored(Map<String, Integer> perDestination) {

    public DeliveriesStored {
        perDestination = Map.copyOf(perDestination);
    }
}
