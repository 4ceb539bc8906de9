package org.tracerelay.task;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The external trace id and session id a request may carry (contract: intake). An invalid
 * trace id is ignored, as Dify does; an invalid session id is the caller's error.
 */
public final class RequestContext {

    private static final Pattern TRACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");
    private static final int MAX_SESSION = 200;

    private RequestContext() {
    }

    /** Header {@code X-Trace-Id}, else the trace-id of {@code traceparent}; null when neither is valid. */
    public static String externalTraceId(String xTraceId, String traceparent) {
        if (xTraceId != null) {
            return TRACE_ID.matcher(xTraceId).matches() ? xTraceId : null;
        }
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches() && !m.group(1).equals("0".repeat(32))) {
                return m.group(1);
            }
        }
        return null;
    }

    /** The trimmed session id, empty when absent; a present but invalid one is reported as a violation. */
    public static Optional<String> sessionId(String header) throws IllegalArgumentException {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_SESSION) {
            throw new IllegalArgumentException("trace_session_id must be 1 to 200 characters after trimming.");
        }
        return Optional.of(trimmed);
    }

    /** A trace_info.trace_id supplied in the body counts only when valid. */
    public static boolean isValidTraceId(String id) {
        return id != null && TRACE_ID.matcher(id).matches();
    }
}
