package org.tracerelay.domain.delivery;

/**
 * PENDING waits for its next attempt (or is being exported, under the claiming transaction's row
 * lock); DELIVERED and DEAD are final, though an operator may redrive a dead one.
 */
public enum DeliveryStatus { PENDING, DELIVERED, DEAD }
