package org.tracerelay.crypto;

import jakarta.ejb.EJBException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.tracerelay.domain.tenant.TenantKey;
import org.tracerelay.support.LruMaps;

/**
 * Envelope encryption: stored payloads and provider secrets are sealed with their tenant's data
 * key (AES-256-GCM), itself wrapped by the master key. The associated data names tenant, row and
 * field, so a value moved anywhere else does not open.
 */
@ApplicationScoped
public class Sealing {

    /** Tasks that name no tenant (a JMS task for an unknown app) are sealed under this one. */
    static final String UNSCOPED = "_unscoped";
    private static final int CACHED_KEYS = 10_000;
    /** Another node's rotation reaches this one within this time; until then old keys still open. */
    private static final Duration ACTIVE_TTL = Duration.ofSeconds(60);

    @Inject
    TenantKeyStore store;

    @Inject
    MasterKeys master;

    private final Map<String, SecretBox> boxes = LruMaps.synchronizedLru(CACHED_KEYS);
    private final Map<String, ActiveKey> active = LruMaps.synchronizedLru(CACHED_KEYS);

    private record ActiveKey(int version, Instant until) {
    }

    public String sealPayload(String tenant, String taskId, String json) {
        String t = scope(tenant);
        return activeBox(t).seal(json, "trace_task/" + t + "/" + taskId);
    }

    public String openPayload(String tenant, String taskId, String sealed) {
        String t = scope(tenant);
        return box(t, SecretBox.versionOf(sealed)).open(sealed, "trace_task/" + t + "/" + taskId);
    }

    /** A batch of the tenant's tasks on its way through the broker: its journal holds only this. */
    public byte[] sealBatch(String tenant, byte[] json) {
        String t = scope(tenant);
        return activeBox(t).sealBytes(json, batchPlace(t));
    }

    public byte[] openBatch(String tenant, byte[] sealed) {
        String t = scope(tenant);
        return box(t, SecretBox.versionOf(sealed)).openBytes(sealed, batchPlace(t));
    }

    private static String batchPlace(String tenant) {
        return "trace_tasks_message/" + tenant;
    }

    public String sealSecret(String tenant, String appId, String provider, String field, String value) {
        return activeBox(tenant).seal(value, secretPlace(tenant, appId, provider, field));
    }

    public String openSecret(String tenant, String appId, String provider, String field, String sealed) {
        return box(tenant, SecretBox.versionOf(sealed)).open(sealed, secretPlace(tenant, appId, provider, field));
    }

    /** After a rotation here, seal with the new version at once. */
    public void forgetActive(String tenant) {
        active.remove(tenant);
    }

    private final Object creating = new Object();

    private SecretBox activeBox(String tenant) {
        ActiveKey a = active.get(tenant);
        if (a == null || a.until().isBefore(Instant.now())) {
            TenantKey key;
            // One creator per node (a new tenant's first messages arrive on several MDB sessions at once).
            synchronized (creating) {
                try {
                    key = store.activeOrCreate(tenant);
                } catch (EJBException raced) {
                    key = store.activeOrCreate(tenant); // another node created it first
                }
            }
            a = new ActiveKey(key.getVersion(), Instant.now().plus(ACTIVE_TTL));
            active.put(tenant, a);
            boxes.putIfAbsent(tenant + "#" + key.getVersion(), open(key));
        }
        return box(tenant, a.version());
    }

    private SecretBox box(String tenant, int version) {
        SecretBox b = boxes.get(tenant + "#" + version);
        if (b == null) {
            TenantKey key = store.version(tenant, version)
                    .orElseThrow(() -> new SecretBox.SealException("no key version " + version + " for this tenant"));
            b = open(key);
            boxes.put(tenant + "#" + version, b);
        }
        return b;
    }

    private SecretBox open(TenantKey key) {
        return new SecretBox(key.getVersion(),
                master.unwrap(key.getTenantId(), key.getVersion(), key.getWrappedKey(), key.getMasterKeyId()));
    }

    private static String scope(String tenant) {
        return tenant == null ? UNSCOPED : tenant;
    }

    private static String secretPlace(String tenant, String appId, String provider, String field) {
        return "trace_config/" + tenant + "/" + appId + "/" + provider + "/" + field;
    }
}
