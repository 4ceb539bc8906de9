package org.tracerelay.redaction;

import org.tracerelay.task.TaskEnvelope;

/** A task as one destination receives it, and what its rules changed. */
public record Redacted(TaskEnvelope task, RedactionReport report) {
}
