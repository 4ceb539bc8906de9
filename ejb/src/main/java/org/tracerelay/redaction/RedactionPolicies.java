package org.tracerelay.redaction;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.domain.redaction.RedactionRuleSet;
import org.tracerelay.json.JsonText;
import org.tracerelay.support.LruMaps;

/**
 * Stored rule sets: a destination's own, else its tenant's default, else none. Read from the
 * database for every batch, so a change made on any node applies from the next batch on every
 * node; only the compiled form is cached here, keyed by the stored version.
 */
@ApplicationScoped
public class RedactionPolicies {

    private static final int CACHED = 10_000;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    private record Compiled(long version, RedactionRules rules) {
    }

    private final Map<String, Compiled> compiled = LruMaps.synchronizedLru(CACHED);

    /** The rules in force for the tenant's tasks going to {@code destination}. */
    public RedactionRules inForce(String tenant, String destination) {
        if (tenant == null) {
            return RedactionRules.NONE;
        }
        List<RedactionRuleSet> rows = em.createNamedQuery(RedactionRuleSet.IN_FORCE, RedactionRuleSet.class)
                .setParameter("tenant", tenant).setParameter("destination", destination).getResultList();
        return chosen(rows).map(this::compiled).orElse(RedactionRules.NONE);
    }

    /** The destination's own rule set wins over the tenant default. */
    static Optional<RedactionRuleSet> chosen(List<RedactionRuleSet> rows) {
        return rows.stream().filter(r -> !r.isTenantDefault()).findFirst().or(() -> rows.stream().findFirst());
    }

    RedactionRules compiled(RedactionRuleSet row) {
        String key = row.getTenantId() + "\n" + row.getDestination();
        Compiled c = compiled.get(key);
        if (c == null || c.version() != row.getVersion()) {
            c = new Compiled(row.getVersion(), RedactionRules.read(JsonText.parse(row.getRules()).asJsonObject()));
            compiled.put(key, c);
        }
        return c.rules();
    }

    /** The tenant's own rules for the destination ({@link RedactionRuleSet#TENANT_DEFAULT} for its default). */
    public Optional<RedactionRules> stored(String tenant, String destination) {
        return Optional.ofNullable(em.find(RedactionRuleSet.class, new RedactionRuleSet.Key(tenant, destination)))
                .map(this::compiled);
    }

    public void store(String tenant, String destination, RedactionRules rules) {
        String json = rules.toJson().toString();
        RedactionRuleSet row = em.find(RedactionRuleSet.class, new RedactionRuleSet.Key(tenant, destination));
        if (row == null) {
            em.persist(new RedactionRuleSet(tenant, destination, json, Instant.now()));
        } else {
            row.replace(json, Instant.now());
        }
    }

    public boolean remove(String tenant, String destination) {
        RedactionRuleSet row = em.find(RedactionRuleSet.class, new RedactionRuleSet.Key(tenant, destination));
        if (row != null) {
            em.remove(row);
        }
        return row != null;
    }
}
