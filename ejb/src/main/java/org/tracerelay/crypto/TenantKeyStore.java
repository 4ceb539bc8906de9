package org.tracerelay.crypto;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tracerelay.domain.tenant.TenantKey;

/** Tenant data keys in the database, created on first use, rotated and re-wrapped on request. */
@Stateless
public class TenantKeyStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    MasterKeys master;

    /** The active key, made in a transaction of its own so it exists before anything it seals. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public TenantKey activeOrCreate(String tenant) {
        return active(tenant).orElseGet(() -> {
            TenantKey key = newKey(tenant, 1);
            em.persist(key);
            em.flush();
            return key;
        });
    }

    public Optional<TenantKey> version(String tenant, int version) {
        return Optional.ofNullable(em.find(TenantKey.class, new TenantKey.Id(tenant, version)));
    }

    /** Retires the active key and makes the next version active; older versions still open. */
    public TenantKey rotate(String tenant) {
        List<TenantKey> keys = em.createNamedQuery(TenantKey.OF_TENANT, TenantKey.class)
                .setParameter("tenant", tenant).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        keys.forEach(TenantKey::retire);
        int next = keys.stream().mapToInt(TenantKey::getVersion).max().orElse(0) + 1;
        TenantKey key = newKey(tenant, next);
        em.persist(key);
        return key;
    }

    /** What a re-wrap pass did: keys re-wrapped, and keys whose master key is not configured here. */
    public record Rewrap(int rewrapped, int unopenable) {
    }

    /**
     * Re-wraps every tenant key not yet wrapped by the current master key. A key wrapped by a
     * master key this node does not have is left as it is (and counted), so one misconfigured
     * rotation cannot keep every other tenant from starting.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Rewrap rewrapAll() {
        List<TenantKey> stale = em.createNamedQuery(TenantKey.NOT_WRAPPED_BY, TenantKey.class)
                .setParameter("masterKeyId", master.currentId()).getResultList();
        int rewrapped = 0;
        for (TenantKey k : stale) {
            if (master.knows(k.getMasterKeyId())) {
                byte[] raw = master.unwrap(k.getTenantId(), k.getVersion(), k.getWrappedKey(), k.getMasterKeyId());
                k.rewrap(master.wrap(k.getTenantId(), k.getVersion(), raw), master.currentId());
                rewrapped++;
            }
        }
        return new Rewrap(rewrapped, stale.size() - rewrapped);
    }

    private Optional<TenantKey> active(String tenant) {
        return em.createNamedQuery(TenantKey.ACTIVE, TenantKey.class).setParameter("tenant", tenant)
                .getResultStream().findFirst();
    }

    private TenantKey newKey(String tenant, int version) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new TenantKey(tenant, version, master.wrap(tenant, version, raw), master.currentId(), Instant.now());
    }
}
