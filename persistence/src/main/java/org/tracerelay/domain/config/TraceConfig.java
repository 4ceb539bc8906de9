package org.tracerelay.domain.config;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One app's settings for one provider. {@code config} is a JSON object whose secret fields
 * hold ciphertext; the plain fields are stored as given.
 */
@Entity
@Table(name = "trace_config")
@NamedQuery(name = TraceConfig.BY_APP_AND_PROVIDER,
        query = "select c from TraceConfig c where c.appId = :appId and c.provider = :provider")
@NamedQuery(name = TraceConfig.BY_APP,
        query = "select c from TraceConfig c where c.appId = :appId order by c.provider, c.createdAt")
public class TraceConfig {

    public static final String BY_APP_AND_PROVIDER = "TraceConfig.byAppAndProvider";
    public static final String BY_APP = "TraceConfig.byApp";

    @Id
    private String id;

    @Column(name = "app_id", nullable = false)
    private String appId;

    @Column(nullable = false)
    private String provider;

    @Column(nullable = false)
    private String config;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TraceConfig() {
    }

    public TraceConfig(String appId, String provider, String config, Instant now) {
        this.id = UUID.randomUUID().toString();
        this.appId = Objects.requireNonNull(appId);
        this.provider = Objects.requireNonNull(provider);
        this.config = Objects.requireNonNull(config);
        this.createdAt = now;
        this.updatedAt = now;
    }

    public void replaceConfig(String newConfig, Instant now) {
        this.config = Objects.requireNonNull(newConfig);
        this.updatedAt = now;
    }

    public String getId() { return id; }
    public String getAppId() { return appId; }
    public String getProvider() { return provider; }
    public String getConfig() { return config; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}
