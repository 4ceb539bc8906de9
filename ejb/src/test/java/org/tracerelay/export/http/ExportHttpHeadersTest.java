package org.tracerelay.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.ExportOutcome;

/** A header built from a configured secret that HTTP cannot carry never puts the secret in a message. */
class ExportHttpHeadersTest {

    private final ExportHttp http = new ExportHttp(Duration.ofSeconds(2), Duration.ofSeconds(1),
            new OutboundGuard(List.of("127.0.0.0/8")));

    @Test
    void aValueWithALineBreakDiesNamingTheHeaderNotTheSecret() {
        String secret = "sk-live-0123456789";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + secret + "\r\nX-Injected: 1");
        IOException e = assertThrows(IOException.class,
                () -> http.post(URI.create("http://127.0.0.1:1/v1/traces"), headers, "application/json", new byte[0]));
        assertEquals("the header authorization holds a character HTTP does not allow", e.getMessage());
        ExportOutcome outcome = ExportHttp.failure(e);
        assertEquals(ExportOutcome.dead("invalid_header", e.getMessage()), outcome, "no retry makes such a header valid");
    }

    @Test
    void anInvalidNameIsNotQuotedEither() {
        IOException e = assertThrows(IOException.class, () -> http.post(URI.create("http://127.0.0.1:1/"),
                Map.of("Bearer sk-live-0123456789", "x"), "application/json", new byte[0]));
        assertFalse(e.getMessage().contains("sk-live"), e.getMessage());
        assertEquals("a header name holds a character HTTP does not allow", e.getMessage());
    }
}
