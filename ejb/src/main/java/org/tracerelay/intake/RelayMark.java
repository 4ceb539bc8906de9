package org.tracerelay.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tracerelay.crypto.MasterKeys;

/**
 * Tells the relay's own messages from a JMS producer's: REST validated a message's tasks and
 * stamped them with the token's tenant before sending, and marks it with an HMAC of its body under
 * a key derived from the master key. Nobody without that key can make a body pass as the relay's,
 * so a producer cannot skip the tenant check by copying a property.
 */
@ApplicationScoped
public class RelayMark {

    public static final String PROPERTY = "trace_relay_mark";
    private static final String PURPOSE = "trace-relay/intake-mark/v1";

    @Inject
    MasterKeys masterKeys;

    private List<byte[]> keys;

    public RelayMark() {
    }

    /** Outside a container (domain tests). */
    RelayMark(MasterKeys masterKeys) {
        this.masterKeys = masterKeys;
        init();
    }

    @PostConstruct
    void init() {
        keys = masterKeys.derived(PURPOSE);
    }

    public String of(byte[] body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(keys.get(0), body));
    }

    /** Whether this body carries a mark the relay made (with the current or, mid-rotation, the previous key). */
    public boolean isRelays(byte[] body, String mark) {
        if (mark == null || body == null) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(mark);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return keys.stream().anyMatch(k -> MessageDigest.isEqual(hmac(k, body), given));
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
