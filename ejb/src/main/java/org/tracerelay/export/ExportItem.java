package org.tracerelay.export;

import java.time.Instant;
import org.tracerelay.task.TaskEnvelope;

/** One delivery handed to an exporter: its id, the task and when the relay received it. */
public record ExportItem(String deliveryId, TaskEnvelope task, Instant receivedAt) {
}
