package org.tracerelay.domain.delivery;

/** PENDING waits for its next attempt; IN_FLIGHT is leased by one node; the other two are final. */
public enum DeliveryStatus { PENDING, IN_FLIGHT, DELIVERED, DEAD }
