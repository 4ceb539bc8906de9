package org.tracerelay.export;

/** A stored task of a claimed batch that could not be loaded, opened or parsed, and why. */
public record UnreadableTask(String deliveryId, String taskId, String tenantId, String traceInfoType, String reason) {
}
