package org.tracerelay.domain.delivery;

/**
 * PENDING waits for its next attempt (or is being exported, under a row lock); IN_FLIGHT is only
 * found in rows leased by an earlier version and released when the lease ends; the other two are final.
 */
public enum DeliveryStatus { PENDING, IN_FLIGHT, DELIVERED, DEAD }
