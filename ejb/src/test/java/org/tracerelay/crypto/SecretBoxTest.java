package org.tracerelay.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final SecretBox box = new SecretBox(1, filled(7));

    private static byte[] filled(int b) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) b);
        return k;
    }

    @Test
    void roundTripWithFreshNonces() {
        String a = box.seal("sk-secret", "trace_config/app/otlp/headers");
        String b = box.seal("sk-secret", "trace_config/app/otlp/headers");
        assertNotEquals(a, b);
        assertTrue(a.startsWith("v1."));
        assertFalse(a.contains("sk-secret"));
        assertEquals("sk-secret", box.open(a, "trace_config/app/otlp/headers"));
    }

    @Test
    void aCiphertextMovedToAnotherPlaceDoesNotOpen() {
        String sealed = box.seal("sk-secret", "trace_config/app-a/otlp/headers");
        var e = assertThrows(SecretBox.SealException.class, () -> box.open(sealed, "trace_config/app-b/otlp/headers"));
        assertFalse(e.getMessage().contains("sk-secret"));
    }

    @Test
    void anotherKeyOrATamperedValueDoesNotOpen() {
        String sealed = box.seal("payload", "p");
        assertThrows(SecretBox.SealException.class, () -> new SecretBox(1, filled(8)).open(sealed, "p"));
        assertThrows(SecretBox.SealException.class, () -> new SecretBox(2, filled(7)).open(sealed, "p"));
        char[] c = sealed.toCharArray();
        c[c.length - 3] = c[c.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(SecretBox.SealException.class, () -> box.open(new String(c), "p"));
        assertThrows(SecretBox.SealException.class, () -> box.open("plain text", "p"));
    }

    @Test
    void onlyAes256Keys() {
        assertThrows(IllegalArgumentException.class, () -> new SecretBox(1, new byte[16]));
    }

    @Test
    void bytesRoundTripNameTheirVersionAndHoldNoPlaintext() {
        byte[] json = "[{\"task_id\":\"t-1\",\"trace_info\":{\"query\":\"journal-marker\"}}]".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SecretBox v3 = new SecretBox(3, filled(9));
        byte[] sealed = v3.sealBytes(json, "trace_tasks_message/acme");
        assertEquals(3, SecretBox.versionOf(sealed));
        assertEquals(4 + 12 + json.length + 16, sealed.length, "one array: version, nonce, ciphertext, tag");
        assertFalse(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1).contains("journal-marker"));
        assertTrue(Arrays.equals(json, v3.openBytes(sealed, "trace_tasks_message/acme")));
        assertFalse(Arrays.equals(sealed, v3.sealBytes(json, "trace_tasks_message/acme")), "a fresh nonce each time");
        assertThrows(SecretBox.SealException.class, () -> v3.openBytes(sealed, "trace_tasks_message/globex"),
                "another tenant's name does not open it");
        assertThrows(SecretBox.SealException.class, () -> new SecretBox(3, filled(8)).openBytes(sealed, "trace_tasks_message/acme"));
        assertThrows(SecretBox.SealException.class, () -> box.openBytes(sealed, "trace_tasks_message/acme"), "version 1 is not 3");
        assertThrows(SecretBox.SealException.class, () -> SecretBox.versionOf(new byte[10]));
    }
}
