package org.tracerelay.domain.redaction;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A tenant's rules for one destination, or its default ({@link #TENANT_DEFAULT}). */
@Entity
@Table(name = "redaction_rules")
@IdClass(RedactionRuleSet.Key.class)
@NamedQuery(name = RedactionRuleSet.IN_FORCE,
        query = "select r from RedactionRuleSet r where r.tenantId = :tenant and r.destination in (:destination, '*')")
public class RedactionRuleSet {

    public static final String IN_FORCE = "RedactionRuleSet.inForce";
    public static final String TENANT_DEFAULT = "*";

    public record Key(String tenantId, String destination) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "tenant_id")
    private String tenantId;

    @Id
    private String destination;

    @Column(nullable = false)
    private String rules;

    @Column(nullable = false)
    private long version;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected RedactionRuleSet() {
    }

    public RedactionRuleSet(String tenantId, String destination, String rules, Instant now) {
        this.tenantId = Objects.requireNonNull(tenantId);
        this.destination = Objects.requireNonNull(destination);
        this.rules = Objects.requireNonNull(rules);
        this.version = 1;
        this.updatedAt = now;
    }

    public void replace(String newRules, Instant now) {
        this.rules = Objects.requireNonNull(newRules);
        this.version++;
        this.updatedAt = now;
    }

    public boolean isTenantDefault() {
        return TENANT_DEFAULT.equals(destination);
    }

    public String getTenantId() { return tenantId; }
    public String getDestination() { return destination; }
    public String getRules() { return rules; }
    public long getVersion() { return version; }
    public Instant getUpdatedAt() { return updatedAt; }
}
