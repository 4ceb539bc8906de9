package org.tracerelay.crypto;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.tracerelay.support.LruMaps;

/**
 * Keyed hashes of identifiers (user ids, account ids) for redaction: HMAC-SHA256 under a key
 * derived from the master key for each tenant, so the same user has the same pseudonym in every
 * trace of that tenant (traces still group by user) and a different one in any other tenant.
 * A master key rotation starts new pseudonyms.
 */
@ApplicationScoped
public class Pseudonyms {

    private static final int CACHED_KEYS = 10_000;

    @Inject
    MasterKeys master;

    private final Map<String, byte[]> keys = LruMaps.synchronizedLru(CACHED_KEYS);

    public Pseudonyms() {
    }

    /** For tests without a container. */
    public Pseudonyms(MasterKeys master) {
        this.master = master;
    }

    /** {@code hmac:} and 32 hex digits (128 bits) of the tenant's keyed hash of {@code value}. */
    public String of(String tenant, String value) {
        byte[] key = keys.computeIfAbsent(tenant == null ? "" : tenant,
                t -> master.derived("trace-relay/redaction-pseudonym/" + t).get(0));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sum = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "hmac:" + HexFormat.of().formatHex(sum, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
