package org.tracerelay.task;

import org.tracerelay.json.JsonText;

/**
 * What one request or one JMS message may carry, the same over REST and JMS, checked while the
 * body streams (before a JSON tree of it exists) and, for a JMS message, its size before its body
 * is read.
 */
public final class IntakeLimits {

    /** Tasks in one request or message. */
    public static final int MAX_ITEMS = 1000;

    /** Bytes of one request body or message (UTF-8). */
    public static final int MAX_BYTES = 20 * 1024 * 1024;

    /**
     * JSON values (objects, arrays, strings, numbers, literals) in one request or message: what
     * bounds its tree, since a value of two bytes of text costs tens of bytes as JSON-P.
     */
    public static final long MAX_VALUES = 250_000;

    /**
     * Bytes of the relay's own message of an accepted request: writing the validated envelopes out
     * again adds a few fields a task and may write a number or a string longer than it came, so
     * the relay's message has room of its own (REST refuses with 413 a request whose message would not fit).
     */
    public static final int MAX_RELAY_BYTES = 2 * MAX_BYTES;

    /** A request's body, or a JMS producer's message. */
    public static final JsonText.Bounds REQUEST = new JsonText.Bounds(MAX_BYTES, MAX_ITEMS, EnvelopeValidator.MAX_DEPTH, MAX_VALUES);

    /** The relay's own message: at most the fields {@link TaskEnvelope#toJson()} adds (five a task) more. */
    public static final JsonText.Bounds RELAYED = new JsonText.Bounds(MAX_RELAY_BYTES, MAX_ITEMS, EnvelopeValidator.MAX_DEPTH,
            MAX_VALUES + 8L * MAX_ITEMS);

    private IntakeLimits() {
    }
}
