package org.tracerelay.intake;

import org.tracerelay.domain.task.TraceTask;

/**
 * Who put a message on TraceTasks: the relay's REST intake (tasks already checked and stamped with
 * the caller's tenant and sealed for it; its mark, good once), a JMS producer whose token names its tenant, or a
 * producer refused, with why.
 */
public record Sender(TraceTask.Source source, String tenant, String refusal, RelayMark.Issued mark) {

    /** {@code sealedFor}: the tenant its batch was sealed for (null for a batch sent unsealed). */
    public static Sender relay(RelayMark.Issued mark, String sealedFor) {
        return new Sender(TraceTask.Source.REST, sealedFor, null, mark);
    }

    public static Sender producerOf(String tenant) {
        return new Sender(TraceTask.Source.JMS, tenant, null, null);
    }

    public static Sender refused(String reason) {
        return new Sender(TraceTask.Source.JMS, null, reason, null);
    }

    /** The relay's REST intake: its tasks were validated before they were sent. */
    boolean isRelay() {
        return source == TraceTask.Source.REST;
    }

    boolean isProducer() {
        return source == TraceTask.Source.JMS;
    }
}
