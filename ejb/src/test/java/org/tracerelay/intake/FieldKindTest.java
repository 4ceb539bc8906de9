package org.tracerelay.intake;

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
}
