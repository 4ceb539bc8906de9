package org.tracerelay.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The master key ({@code TRACE_RELAY_MASTER_KEY}) wraps tenant data keys; other purposes get keys
 * derived from it ({@link #derived}), never the master key itself. During
 * a rotation the previous key ({@code TRACE_RELAY_MASTER_KEY_PREVIOUS}) still unwraps; each
 * wrapped key names the master key that wrapped it by a short fingerprint.
 */
@ApplicationScoped
public class MasterKeys {

    @Inject
    @ConfigProperty(name = "trace.relay.master.key")
    Optional<String> current;

    @Inject
    @ConfigProperty(name = "trace.relay.master.key.previous")
    Optional<String> previous;

    private String currentId;
    private final Map<String, SecretBox> byId = new HashMap<>();
    /** Raw keys, the previous one (while a rotation is under way) first. */
    private final List<byte[]> raw = new ArrayList<>();

    public MasterKeys() {
    }

    /** For tests without a container. */
    public MasterKeys(String currentKey, String previousKey) {
        this.current = Optional.of(currentKey);
        this.previous = Optional.ofNullable(previousKey);
        init();
    }

    @PostConstruct
    void init() {
        String key = current.filter(k -> !k.isBlank()).orElseThrow(() ->
                new IllegalStateException("TRACE_RELAY_MASTER_KEY is not set (base64 of 32 random bytes)"));
        currentId = register(key, "TRACE_RELAY_MASTER_KEY");
        previous.filter(k -> !k.isBlank()).ifPresent(k -> register(k, "TRACE_RELAY_MASTER_KEY_PREVIOUS"));
        Collections.reverse(raw);
    }

    /**
     * Keys for one purpose (HMAC-SHA256 of the purpose under each master key). The first is the one
     * to sign with: the previous master key's while a rotation is under way, because nodes not yet
     * restarted know only that one; every node verifies with all of them.
     */
    public List<byte[]> derived(String purpose) {
        return raw.stream().map(k -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(k, "HmacSHA256"));
                return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private String register(String base64Key, String name) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
            String id = fingerprint(raw);
            byId.put(id, new SecretBox(0, raw));
            this.raw.add(raw);
            return id;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " must be base64 of 32 bytes");
        }
    }

    public boolean knows(String masterKeyId) {
        return byId.containsKey(masterKeyId);
    }

    public String currentId() {
        return currentId;
    }

    public String wrap(String tenant, int version, byte[] dataKey) {
        return byId.get(currentId).seal(Base64.getEncoder().encodeToString(dataKey), place(tenant, version));
    }

    public byte[] unwrap(String tenant, int version, String wrapped, String masterKeyId) {
        SecretBox box = byId.get(masterKeyId);
        if (box == null) {
            throw new SecretBox.SealException("tenant key wrapped by a master key that is not configured (" + masterKeyId + ")");
        }
        return Base64.getDecoder().decode(box.open(wrapped, place(tenant, version)));
    }

    private static String place(String tenant, int version) {
        return "tenant_key/" + tenant + "/" + version;
    }

    /** A non-secret name for a key: the first 8 bytes of its SHA-256. */
    static String fingerprint(byte[] key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
