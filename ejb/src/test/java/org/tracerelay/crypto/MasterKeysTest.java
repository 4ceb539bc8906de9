package org.tracerelay.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class MasterKeysTest {

    static final String OLD = Base64.getEncoder().encodeToString("old-master-key-of-32-bytes-long!".getBytes());
    static final String NEW = Base64.getEncoder().encodeToString("new-master-key-of-32-bytes-long!".getBytes());
    static final byte[] DATA_KEY = "tenant-data-key-of-32-bytes-ok!!".getBytes();

    @Test
    void rotationRoundTrip() {
        MasterKeys before = new MasterKeys(OLD, null);
        String wrapped = before.wrap("acme", 1, DATA_KEY);
        String oldId = before.currentId();

        MasterKeys during = new MasterKeys(NEW, OLD);
        assertNotEquals(oldId, during.currentId());
        byte[] raw = during.unwrap("acme", 1, wrapped, oldId);
        assertArrayEquals(DATA_KEY, raw);
        String rewrapped = during.wrap("acme", 1, raw);

        MasterKeys after = new MasterKeys(NEW, null);
        assertArrayEquals(DATA_KEY, after.unwrap("acme", 1, rewrapped, during.currentId()));
        assertThrows(SecretBox.SealException.class, () -> after.unwrap("acme", 1, wrapped, oldId),
                "once PREVIOUS is gone, only re-wrapped keys open");
    }

    @Test
    void aWrappedKeyOpensOnlyForItsTenantAndVersion() {
        MasterKeys keys = new MasterKeys(NEW, null);
        String wrapped = keys.wrap("acme", 1, DATA_KEY);
        assertThrows(SecretBox.SealException.class, () -> keys.unwrap("globex", 1, wrapped, keys.currentId()));
        assertThrows(SecretBox.SealException.class, () -> keys.unwrap("acme", 2, wrapped, keys.currentId()));
    }

    @Test
    void fingerprintIsShortAndNotTheKey() {
        String id = MasterKeys.fingerprint(Base64.getDecoder().decode(NEW));
        assertEquals(16, id.length());
        assertThrows(IllegalStateException.class, () -> new MasterKeys("not base64 !!", null));
        assertThrows(IllegalStateException.class, () -> new MasterKeys(" ", null));
    }
}
