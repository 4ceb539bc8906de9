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
    private static final int CACHED_VALUES = 50_000;

    @Inject
    MasterKeys master;

    /** An initialised MAC per tenant; each hash works on a clone, cheaper than a new instance. */
    private final Map<String, Mac> macs = LruMaps.synchronizedLru(CACHED_KEYS);
    /** The same few user ids come again and again: their pseudonyms are kept (tenant and value as key). */
    private final Map<String, String> recent = LruMaps.synchronizedLru(CACHED_VALUES);

    public Pseudonyms() {
    }

    /** For tests without a container. */
    public Pseudonyms(MasterKeys master) {
        this.master = master;
    }

    /** {@code hmac:} and 32 hex digits (128 bits) of the tenant's keyed hash of {@code value}. */
    public String of(String tenant, String value) {
        return recent.computeIfAbsent((tenant == null ? "" : tenant) + "\n" + value, k -> computed(tenant, value));
    }

    private String computed(String tenant, String value) {
        Mac prototype = macs.computeIfAbsent(tenant == null ? "" : tenant, this::mac);
        try {
            Mac mac = (Mac) prototype.clone();
            byte[] sum = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return "hmac:" + HexFormat.of().formatHex(sum, 0, 16);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac mac(String tenant) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.derived("trace-relay/redaction-pseudonym/" + tenant).get(0), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
