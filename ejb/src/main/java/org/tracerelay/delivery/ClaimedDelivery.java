package org.tracerelay.delivery;

import java.time.Instant;

/** A leased delivery with its task's envelope JSON, or why the task could not be loaded. */
public record ClaimedDelivery(String deliveryId, String taskId, String tenantId, String traceInfoType,
                              Instant receivedAt, String envelopeJson, String unreadableReason) {
}
