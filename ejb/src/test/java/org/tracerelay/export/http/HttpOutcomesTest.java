package org.tracerelay.export.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tracerelay.export.ExportOutcome;

class HttpOutcomesTest {

    @ParameterizedTest
    @ValueSource(ints = {429, 502, 503, 504})
    void retryableStatusesOfTheOtlpSpec(int status) {
        ExportOutcome o = HttpOutcomes.of(status, "7");
        assertEquals(ExportOutcome.Kind.RETRY, o.kind());
        assertEquals(Duration.ofSeconds(7), o.retryAfter());
        assertEquals("http_" + status, o.code());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 413, 500})
    void everythingElseIsPermanent(int status) {
        ExportOutcome o = HttpOutcomes.of(status, null);
        assertEquals(ExportOutcome.Kind.DEAD, o.kind());
        assertEquals("http_" + status, o.code());
    }

    @Test
    void successIsDelivered() {
        assertEquals(ExportOutcome.Kind.DELIVERED, HttpOutcomes.of(200, null).kind());
        assertEquals(ExportOutcome.Kind.DELIVERED, HttpOutcomes.of(204, null).kind());
    }

    @Test
    void retryAfterAsHttpDate() {
        String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        Duration d = HttpOutcomes.retryAfter(in30s);
        assertTrue(d.getSeconds() > 20 && d.getSeconds() <= 30, d.toString());
        assertNull(HttpOutcomes.retryAfter("soon"));
        assertNull(HttpOutcomes.retryAfter(null));
    }
}
