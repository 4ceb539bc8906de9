package org.tracerelay.task;

/** What one request or one JMS message may carry, the same over REST and JMS. */
public final class IntakeLimits {

    /** Tasks in one request or message. */
    public static final int MAX_ITEMS = 1000;

    /** Bytes of one request body or message (UTF-8). */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    private IntakeLimits() {
    }
}
