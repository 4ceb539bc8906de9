package org.tracerelay.intake;

/** The names of the intake queue and its dead-letter queue, as the server config defines them. */
public final class TraceTaskQueue {

    public static final String JNDI = "java:/jms/queue/TraceTasks";
    public static final String DEAD_LETTER_JNDI = "java:/jms/queue/TraceTasksDLQ";
    public static final String REJECT_REASON_PROPERTY = "trace_relay_reject_reason";
    /** On a message dead-lettered without its body (refused by its size before it was read): that size. */
    public static final String UNREAD_SIZE_PROPERTY = "trace_relay_unread_size";

    private TraceTaskQueue() {
    }
}
