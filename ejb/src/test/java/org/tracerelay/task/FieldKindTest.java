package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldKindTest {

    @Test
    void pythonIsoformatWithAndWithoutOffsetIsADateTime() {
        assertTrue(FieldKind.isDateTime("2025-01-02T03:04:05"));
        assertTrue(FieldKind.isDateTime("2025-01-02T03:04:05.123456"));
        assertTrue(FieldKind.isDateTime("2025-01-02T03:04:05+00:00"));
        assertTrue(FieldKind.isDateTime("2025-01-02T03:04:05.5-07:30"));
        assertTrue(FieldKind.isDateTime("2025-01-02T03:04:05Z"));
    }

    @Test
    void otherTextIsNot() {
        assertFalse(FieldKind.isDateTime("2025-01-02"));
        assertFalse(FieldKind.isDateTime("2025-01-02 03:04:05"));
        assertFalse(FieldKind.isDateTime("2025-13-02T03:04:05"));
        assertFalse(FieldKind.isDateTime("2025-01-02T03:04:05+25:00"));
        assertFalse(FieldKind.isDateTime("yesterday"));
        assertFalse(FieldKind.isDateTime(""));
    }

    /** The hand-written check of the common shape decides exactly as the ISO parser does. */
    @Test
    void theCommonShapeAgreesWithTheIsoParser() {
        String[] samples = {
            "2024-02-29T00:00:00", "2023-02-29T00:00:00", "2024-04-31T12:00:00", "2024-12-31T23:59:59.999999999",
            "2024-12-31T23:59:60", "2024-12-31T24:00:00", "2024-01-01T10:60:00", "2024-00-10T10:00:00",
            "2024-01-01T10:00:00+18:00", "2024-01-01T10:00:00-18:00", "2024-01-01T10:00:00+18:01",
            "2024-01-01T10:00:00+05:60", "2024-01-01T10:00:00.+00:00", "2024-01-01T10:00:00.1234567890",
            "2024-01-01T10:00:00+0530", "2024-01-01T10:00", "2024-01-01T10:00:00z", "2024-01-01T10:00:00 ",
            "2024-01-01t10:00:00", "2024-1-01T10:00:00", "0000-01-01T00:00:00", "2024-01-01T10:00:00+05:30",
            "2024-01-01T10:00:00.5Z", "2024-01-01T10:0a:00",
        };
        for (String s : samples) {
            assertEquals(isoParses(s), FieldKind.isDateTime(s), s);
        }
    }

    private static boolean isoParses(String s) {
        try {
            java.time.OffsetDateTime.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            try {
                java.time.LocalDateTime.parse(s);
                return true;
            } catch (java.time.format.DateTimeParseException e2) {
                return false;
            }
        }
    }
}
