package org.tracerelay.outbox;

import java.time.Instant;

/**
 * A claimed task on its way to the destination, with its envelope JSON or why the task could not
 * be loaded. {@code deliveryId} names the item: its own delivery row, or item {@code index} of the
 * parcel row {@code parcelDeliveryId} (null for a row of one task).
 */
public record ClaimedDelivery(String deliveryId, String taskId, String tenantId, String traceInfoType,
                              Instant receivedAt, String envelopeJson, String unreadableReason,
                              String parcelDeliveryId, int index, String taskRowId) {
}
