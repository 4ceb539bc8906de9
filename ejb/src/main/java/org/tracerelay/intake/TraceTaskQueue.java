package org.tracerelay.intake;

/** The names of the intake queue and its dead-letter queue, as the server config defines them. */
public final class TraceTaskQueue {

    public static final String JNDI = "java:/jms/queue/TraceTasks";
    public static final String DEAD_LETTER_JNDI = "java:/jms/queue/TraceTasksDLQ";
    /** Set on messages the REST intake sends, so the listener can tell the two channels apart. */
    public static final String SOURCE_PROPERTY = "trace_relay_source";
    public static final String REJECT_REASON_PROPERTY = "trace_relay_reject_reason";

    private TraceTaskQueue() {
    }
}
