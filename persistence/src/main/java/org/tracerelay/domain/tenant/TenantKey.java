package org.tracerelay.domain.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A tenant's data key of one version, stored only wrapped by the master key. The active version
 * seals new values; older versions stay to open what they sealed.
 */
@Entity
@Table(name = "tenant_key")
@IdClass(TenantKey.Id.class)
@NamedQuery(name = TenantKey.ACTIVE, query = "select k from TenantKey k where k.tenantId = :tenant and k.active = true")
@NamedQuery(name = TenantKey.OF_TENANT, query = "select k from TenantKey k where k.tenantId = :tenant order by k.version")
@NamedQuery(name = TenantKey.NOT_WRAPPED_BY, query = "select k from TenantKey k where k.masterKeyId <> :masterKeyId")
public class TenantKey {

    public static final String ACTIVE = "TenantKey.active";
    public static final String OF_TENANT = "TenantKey.ofTenant";
    public static final String NOT_WRAPPED_BY = "TenantKey.notWrappedBy";

    /** The composite key (tenant, version). */
    public record Id(String tenantId, int version) implements Serializable {
        public Id() {
            this(null, 0);
        }
    }

    @jakarta.persistence.Id
    @Column(name = "tenant_id")
    private String tenantId;

    @jakarta.persistence.Id
    private int version;

    @Column(name = "wrapped_key", nullable = false)
    private String wrappedKey;

    @Column(name = "master_key_id", nullable = false)
    private String masterKeyId;

    @Column(nullable = false)
    private boolean active;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected TenantKey() {
    }

    public TenantKey(String tenantId, int version, String wrappedKey, String masterKeyId, Instant now) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.version = version;
        this.wrappedKey = Objects.requireNonNull(wrappedKey);
        this.masterKeyId = Objects.requireNonNull(masterKeyId);
        this.active = true;
        this.createdAt = now;
    }

    public void retire() {
        this.active = false;
    }

    public void rewrap(String newWrappedKey, String newMasterKeyId) {
        this.wrappedKey = Objects.requireNonNull(newWrappedKey);
        this.masterKeyId = Objects.requireNonNull(newMasterKeyId);
    }

    public String getTenantId() { return tenantId; }
    public int getVersion() { return version; }
    public String getWrappedKey() { return wrappedKey; }
    public String getMasterKeyId() { return masterKeyId; }
    public boolean isActive() { return active; }
    public Instant getCreatedAt() { return createdAt; }
}
