package org.tracerelay.outbox;

import java.time.Instant;

/** A claimed delivery with its task's envelope JSON, or why the task could not be loaded. */
public record ClaimedDelivery(String deliveryId, String taskId, String tenantId, String traceInfoType,
                              Instant receivedAt, String envelopeJson, String unreadableReason) {
}
