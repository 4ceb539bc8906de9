package org.tracerelay.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.crypto.MasterKeys;

/**
 * Tells the relay's own messages from a JMS producer's: REST validated a message's tasks and
 * stamped them with the token's tenant before sending, and marks it with an HMAC, under a key
 * derived from the master key, of a random id, the time and the body. Nobody without that key can
 * make a body pass as the relay's, so a producer cannot skip the tenant check by copying a
 * property. A copy of a whole marked message is another matter (any login that may read the
 * queue, or the broker's journal, holds one): the mark's id is good once ({@link UsedRelayMarks}),
 * and only within the retention, the time the used ids are kept.
 */
@ApplicationScoped
public class RelayMark {

    public static final String PROPERTY = "trace_relay_mark";
    private static final String PURPOSE = "trace-relay/intake-mark/v2";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A mark the relay made: its one-time id and when it was made. */
    public record Issued(String id, Instant at) {
    }

    @Inject
    MasterKeys masterKeys;

    /** As long as used ids are kept: an older mark could not be told from a copy. */
    @Inject
    @ConfigProperty(name = "trace.retention.delivered", defaultValue = "P7D")
    Duration maxAge;

    private List<byte[]> keys;

    public RelayMark() {
    }

    /** Outside a container (domain tests). */
    RelayMark(MasterKeys masterKeys, Duration maxAge) {
        this.masterKeys = masterKeys;
        this.maxAge = maxAge;
        init();
    }

    @PostConstruct
    void init() {
        keys = masterKeys.derived(PURPOSE);
    }

    /** A fresh mark for {@code body}: {@code id.millis.hmac}. */
    public String of(byte[] body) {
        return of(body, Instant.now());
    }

    String of(byte[] body, Instant at) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        String head = Base64.getUrlEncoder().withoutPadding().encodeToString(id) + "." + at.toEpochMilli();
        return head + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(keys.get(0), head, body));
    }

    /**
     * The mark's id and time when the relay made it for this very body (with the current or,
     * mid-rotation, the previous key) at most the retention before {@code now}; empty otherwise.
     * Whether the id was used before is the caller's question, in its transaction.
     */
    public Optional<Issued> issuedFor(byte[] body, String mark, Instant now) {
        if (mark == null || body == null) {
            return Optional.empty();
        }
        int mac = mark.lastIndexOf('.');
        int time = mac < 0 ? -1 : mark.lastIndexOf('.', mac - 1);
        if (time <= 0) {
            return Optional.empty();
        }
        String head = mark.substring(0, mac);
        Instant at;
        byte[] given;
        try {
            at = Instant.ofEpochMilli(Long.parseLong(mark.substring(time + 1, mac)));
            given = Base64.getUrlDecoder().decode(mark.substring(mac + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (keys.stream().noneMatch(k -> MessageDigest.isEqual(hmac(k, head, body), given))
                || at.isBefore(now.minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(new Issued(mark.substring(0, time), at));
    }

    private static byte[] hmac(byte[] key, String head, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(head.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '\n');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
