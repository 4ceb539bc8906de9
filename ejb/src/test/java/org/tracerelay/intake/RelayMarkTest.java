package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;

class RelayMarkTest {

    private static final String OLD = key();
    private static final String NEW = key();
    private static final byte[] BODY = "[{\"app_id\":\"a\",\"tenant_id\":\"acme\"}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void theRelaysMarkPassesAndAnyChangeToTheBodyOrMarkFails() {
        RelayMark mark = new RelayMark(new MasterKeys(NEW, null));
        String m = mark.of(BODY);
        assertTrue(mark.isRelays(BODY, m));
        byte[] changed = BODY.clone();
        changed[changed.length - 3] = 'X';
        assertFalse(mark.isRelays(changed, m), "another tenant in the body");
        assertFalse(mark.isRelays(BODY, m.substring(1)), "a truncated mark");
        assertFalse(mark.isRelays(BODY, null), "no mark");
        assertFalse(mark.isRelays(BODY, "not base64 !"), "garbage");
        assertFalse(new RelayMark(new MasterKeys(key(), null)).isRelays(BODY, m), "another deployment's key");
    }

    @Test
    void midRotationNodesSignWithThePreviousKeySoNodesNotYetRestartedStillVerify() {
        RelayMark notYetRestarted = new RelayMark(new MasterKeys(OLD, null));
        RelayMark restarted = new RelayMark(new MasterKeys(NEW, OLD));
        RelayMark afterRotation = new RelayMark(new MasterKeys(NEW, null));
        assertTrue(notYetRestarted.isRelays(BODY, restarted.of(BODY)));
        assertTrue(restarted.isRelays(BODY, notYetRestarted.of(BODY)));
        assertTrue(restarted.isRelays(BODY, afterRotation.of(BODY)));
    }

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
