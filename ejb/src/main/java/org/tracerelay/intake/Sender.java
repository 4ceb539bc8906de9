package org.tracerelay.intake;

import org.tracerelay.domain.task.TraceTask;

/**
 * Who put a message on TraceTasks: the relay's REST intake (tasks already accepted by
 * {@link TraceTaskIntake} and stamped with their tenant, sealed for it; its mark, good once), a
 * JMS producer whose token names it ({@link Producer}), or a producer refused, with why.
 *
 * @param sealedFor the tenant a relay's batch was sealed for (null for a batch sent unsealed)
 */
public record Sender(TraceTask.Source source, Producer producer, String sealedFor, String refusal, RelayMark.Issued mark) {

    public static Sender relay(RelayMark.Issued mark, String sealedFor) {
        return new Sender(TraceTask.Source.REST, null, sealedFor, null, mark);
    }

    public static Sender producerOf(Producer producer) {
        return new Sender(TraceTask.Source.JMS, producer, null, null, null);
    }

    public static Sender refused(String reason) {
        return new Sender(TraceTask.Source.JMS, null, null, reason, null);
    }

    /** The relay's REST intake: its tasks were accepted before they were sent. */
    boolean isRelay() {
        return source == TraceTask.Source.REST;
    }

    boolean isProducer() {
        return source == TraceTask.Source.JMS;
    }
}
