package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;

class RelayMarkTest {

    private static final String OLD = key();
    private static final String NEW = key();
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final byte[] BODY = "[{\"app_id\":\"a\",\"tenant_id\":\"acme\"}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void theRelaysMarkPassesAndAnyChangeToTheBodyOrMarkFails() {
        RelayMark mark = new RelayMark(new MasterKeys(NEW, null), RETENTION);
        String m = mark.of(BODY, NOW);
        assertTrue(mark.issuedFor(BODY, m, NOW).isPresent());
        byte[] changed = BODY.clone();
        changed[changed.length - 3] = 'X';
        assertFalse(mark.issuedFor(changed, m, NOW).isPresent(), "another tenant in the body");
        assertFalse(mark.issuedFor(BODY, m.substring(1), NOW).isPresent(), "a truncated mark");
        assertFalse(mark.issuedFor(BODY, null, NOW).isPresent(), "no mark");
        assertFalse(mark.issuedFor(BODY, "not base64 !", NOW).isPresent(), "garbage");
        assertFalse(mark.issuedFor(BODY, "a.b.c", NOW).isPresent(), "garbage in three parts");
        assertFalse(new RelayMark(new MasterKeys(key(), null), RETENTION).issuedFor(BODY, m, NOW).isPresent(),
                "another deployment's key");
    }

    @Test
    void eachMarkHasItsOwnIdAndTimeAndNeitherCanBeChanged() {
        RelayMark mark = new RelayMark(new MasterKeys(NEW, null), RETENTION);
        String first = mark.of(BODY, NOW);
        String second = mark.of(BODY, NOW);
        RelayMark.Issued issued = mark.issuedFor(BODY, first, NOW).orElseThrow();
        assertNotEquals(issued.id(), mark.issuedFor(BODY, second, NOW).orElseThrow().id(), "the same body twice: two ids");
        assertEquals(NOW, issued.at());
        String[] parts = first.split("\\.");
        String otherId = second.split("\\.")[0];
        assertFalse(mark.issuedFor(BODY, otherId + "." + parts[1] + "." + parts[2], NOW).isPresent(), "another id");
        assertFalse(mark.issuedFor(BODY, parts[0] + "." + (NOW.toEpochMilli() + 1) + "." + parts[2], NOW).isPresent(), "another time");
    }

    @Test
    void aMarkOlderThanTheRetentionIsNotTheRelays() {
        RelayMark mark = new RelayMark(new MasterKeys(NEW, null), RETENTION);
        String m = mark.of(BODY, NOW.minus(RETENTION).minusSeconds(1));
        assertFalse(mark.issuedFor(BODY, m, NOW).isPresent(), "its id may be purged: a copy could not be told");
        assertTrue(mark.issuedFor(BODY, mark.of(BODY, NOW.minus(RETENTION).plusSeconds(1)), NOW).isPresent());
    }

    @Test
    void midRotationNodesSignWithThePreviousKeySoNodesNotYetRestartedStillVerify() {
        RelayMark notYetRestarted = new RelayMark(new MasterKeys(OLD, null), RETENTION);
        RelayMark restarted = new RelayMark(new MasterKeys(NEW, OLD), RETENTION);
        RelayMark afterRotation = new RelayMark(new MasterKeys(NEW, null), RETENTION);
        assertTrue(notYetRestarted.issuedFor(BODY, restarted.of(BODY, NOW), NOW).isPresent());
        assertTrue(restarted.issuedFor(BODY, notYetRestarted.of(BODY, NOW), NOW).isPresent());
        assertTrue(restarted.issuedFor(BODY, afterRotation.of(BODY, NOW), NOW).isPresent());
    }

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
