package org.tracerelay.domain.app;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** An application of one tenant whose trace tasks the relay routes. */
@Entity
@Table(name = "app")
public class App {

    @Id
    @Column(name = "app_id")
    private String appId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(nullable = false)
    private String name;

    private String mode;

    @Column(name = "tracing_enabled", nullable = false)
    private boolean tracingEnabled;

    @Column(name = "tracing_provider")
    private String tracingProvider;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected App() {
    }

    public App(String appId, String tenantId, String name, String mode, Instant now) {
        this.appId = Objects.requireNonNull(appId);
        this.tenantId = Objects.requireNonNull(tenantId);
        this.name = Objects.requireNonNull(name);
        this.mode = mode;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public boolean belongsTo(String tenant) {
        return tenantId.equals(tenant);
    }

    public void describe(String newName, String newMode, Instant now) {
        this.name = Objects.requireNonNull(newName);
        this.mode = newMode;
        this.updatedAt = now;
    }

    public void switchTracing(boolean enabled, String provider, Instant now) {
        this.tracingEnabled = enabled;
        this.tracingProvider = provider;
        this.updatedAt = now;
    }

    /** The provider the app's tasks go to, or null when tracing is off. */
    public String activeProvider() {
        return tracingEnabled ? tracingProvider : null;
    }

    public String getAppId() { return appId; }
    public String getTenantId() { return tenantId; }
    public String getName() { return name; }
    public String getMode() { return mode; }
    public boolean isTracingEnabled() { return tracingEnabled; }
    public String getTracingProvider() { return tracingProvider; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}
