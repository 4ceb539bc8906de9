package org.tracerelay.export.enterprise;

import java.time.Instant;
import org.tracerelay.task.TaskEnvelope;

/**
 * What one task becomes at the enterprise collector: spans for workflow runs and node
 * executions only, one log per span or event, and its measurements. Pure: the same task always
 * projects to the same signals, ids included.
 */
public final class TelemetryProjection {

    private TelemetryProjection() {
    }

    public static TaskTelemetry of(TaskEnvelope task, Instant receivedAt, ContentGate gate) {
        TaskTelemetry out = new TaskTelemetry();
        switch (task.type()) {
            case WorkflowTraceInfo -> WorkflowTelemetry.workflow(task, receivedAt, gate, out);
            case WorkflowNodeTraceInfo -> WorkflowTelemetry.node(task, task.traceInfo(), null, false, receivedAt, gate, out);
            case DraftNodeExecutionTrace -> WorkflowTelemetry.node(task, task.traceInfo(), null, true, receivedAt, gate, out);
            case MessageTraceInfo -> MessageTelemetry.message(task, receivedAt, gate, out);
            case ToolTraceInfo -> MessageTelemetry.tool(task, receivedAt, gate, out);
            case ModerationTraceInfo -> MessageTelemetry.moderation(task, receivedAt, gate, out);
            case SuggestedQuestionTraceInfo -> MessageTelemetry.suggestedQuestion(task, receivedAt, gate, out);
            case DatasetRetrievalTraceInfo -> MessageTelemetry.datasetRetrieval(task, receivedAt, gate, out);
            case GenerateNameTraceInfo -> GenerationTelemetry.generateName(task, receivedAt, gate, out);
            case PromptGenerationTraceInfo -> GenerationTelemetry.promptGeneration(task, receivedAt, gate, out);
            case AppLifecycleEvent -> LifecycleTelemetry.appEvent(task, receivedAt, out);
            case FeedbackEvent -> LifecycleTelemetry.feedback(task, receivedAt, gate, out);
        }
        return out;
    }
}
