package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestContextTest {

    @Test
    void externalTraceIdComesFromHeaderThenTraceparent() {
        String tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        assertEquals("my_trace-1", RequestContext.externalTraceId("my_trace-1", tp));
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", RequestContext.externalTraceId(null, tp));
        assertNull(RequestContext.externalTraceId("bad id!", tp), "an invalid header is ignored, as Dify does");
        assertNull(RequestContext.externalTraceId("x".repeat(129), null));
        assertNull(RequestContext.externalTraceId(null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01"));
        assertNull(RequestContext.externalTraceId(null, "garbage"));
    }

    @Test
    void sessionIdIsTrimmedAndBounded() {
        assertEquals(Optional.of("abc"), RequestContext.sessionId("  abc "));
        assertEquals(Optional.empty(), RequestContext.sessionId(null));
        assertEquals(200, RequestContext.sessionId("s".repeat(200)).orElseThrow().length());
        assertThrows(IllegalArgumentException.class, () -> RequestContext.sessionId("   "));
        assertThrows(IllegalArgumentException.class, () -> RequestContext.sessionId("s".repeat(201)));
    }
}
