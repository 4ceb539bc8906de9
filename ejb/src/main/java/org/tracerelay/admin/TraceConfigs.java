package org.tracerelay.admin;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Exporters;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.json.Jsonp;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/**
 * Per-app provider configs with Dify's console semantics: secrets sealed at rest and masked on
 * read, "*" in a submitted secret keeps the stored one, "" takes the default. (app, provider) is
 * unique in the database, so concurrent creates give one success and one conflict.
 */
@Stateless
public class TraceConfigs {

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    @Inject
    Apps apps;

    @Inject
    Providers registry;

    @Inject
    Sealing sealing;

    @Inject
    Exporters exporters;

    @Inject
    ProjectUrls projectUrls;

    @Inject
    OutboundGuard guard;

    public Optional<JsonObject> read(String tenant, String appId, String provider) {
        apps.find(tenant, appId);
        return stored(appId, provider).map(row -> view(tenant, row));
    }

    public JsonObject create(String tenant, String appId, String provider, Map<String, String> submitted) {
        apps.find(tenant, appId);
        ProviderModel model = supportedModel(provider);
        if (stored(appId, provider).isPresent()) {
            throw conflict(provider);
        }
        Map<String, String> config = validated(model, submitted);
        verify(appId, provider, config);
        TraceConfig row = new TraceConfig(appId, provider, seal(tenant, appId, model, config), Instant.now());
        try {
            em.persist(row);
            em.flush();
        } catch (PersistenceException raced) {
            throw conflict(provider);
        }
        return view(tenant, row);
    }

    public JsonObject update(String tenant, String appId, String provider, Map<String, String> submitted) {
        apps.find(tenant, appId);
        ProviderModel model = supportedModel(provider);
        TraceConfig row = stored(appId, provider).orElseThrow(() -> notFound(provider));
        Map<String, String> current = open(tenant, row, model);
        Map<String, String> merged = new LinkedHashMap<>();
        List<String> keptSecrets = new ArrayList<>();
        for (ConfigField f : model.fields()) {
            String given = submitted.get(f.name());
            boolean keep = f.secret() && Masking.keepsStored(given, current.get(f.name()));
            merged.put(f.name(), keep ? current.get(f.name()) : given);
            if (keep && current.get(f.name()) != null && !current.get(f.name()).isEmpty()) {
                keptSecrets.add(f.name());
            }
        }
        Map<String, String> config = validated(model, merged);
        refuseSecretsFollowingANewHost(model, current, config, keptSecrets);
        verify(appId, provider, config);
        row.replaceConfig(seal(tenant, appId, model, config), Instant.now());
        return view(tenant, row);
    }

    /** The fields that say where a config's requests go. */
    static final List<String> HOST_FIELDS = List.of("endpoint", "host", "url", "tracking_uri", "site");

    /**
     * A stored secret never follows a changed host: whoever points a config somewhere else must
     * type the secrets in again, or the relay would hand the old credential to the new host.
     */
    static void refuseSecretsFollowingANewHost(ProviderModel model, Map<String, String> current,
                                               Map<String, String> next, List<String> keptSecrets) {
        if (keptSecrets.isEmpty()) {
            return;
        }
        for (ConfigField f : model.fields()) {
            if (HOST_FIELDS.contains(f.name()) && !f.secret()
                    && !Objects.equals(blankAsNull(current.get(f.name())), blankAsNull(next.get(f.name())))) {
                throw new Refusal(400, "secret_required_for_new_host", "Changing " + f.name() + " requires "
                        + String.join(", ", keptSecrets) + " to be entered again: a stored secret never follows a new host.");
            }
        }
    }

    private static String blankAsNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    public void delete(String tenant, String appId, String provider) {
        apps.find(tenant, appId);
        em.remove(stored(appId, provider).orElseThrow(() -> notFound(provider)));
    }

    /** The providers configured for the app, each once, in provider order; with their views if asked. */
    public JsonObject list(String tenant, String appId, boolean includeConfig) {
        apps.find(tenant, appId);
        List<TraceConfig> rows = em.createNamedQuery(TraceConfig.BY_APP, TraceConfig.class)
                .setParameter("appId", appId).getResultList();
        var providers = Jsonp.createArrayBuilder();
        var configs = Jsonp.createArrayBuilder();
        List<String> seen = new ArrayList<>();
        for (TraceConfig row : rows) {
            if (seen.contains(row.getProvider()) || !registry.isKnown(row.getProvider())) {
                continue;
            }
            seen.add(row.getProvider());
            providers.add(row.getProvider());
            if (includeConfig) {
                configs.add(view(tenant, row));
            }
        }
        JsonObjectBuilder out = Jsonp.createObjectBuilder().add("configured_providers", providers);
        return includeConfig ? out.add("configs", configs).build() : out.addNull("configs").build();
    }

    public boolean isConfigured(String appId, String provider) {
        return provider != null && stored(appId, provider).isPresent();
    }

    private ProviderModel supportedModel(String provider) {
        Optional<ProviderModel> model = registry.of(provider);
        if (!registry.isKnown(provider) || model.isEmpty() || exporters.forProvider(provider).isEmpty()) {
            throw new Refusal(400, "unsupported_tracing_provider", "Unsupported tracing provider: " + provider);
        }
        return model.get();
    }

    /** The backend must accept the credentials before they are saved; its answer is never echoed. */
    private void verify(String appId, String provider, Map<String, String> config) {
        ExportOutcome outcome = exporters.forProvider(provider).orElseThrow()
                .verify(new Destination(RouteKey.of(provider, appId).value(), provider, appId, config));
        if (outcome.kind() != ExportOutcome.Kind.DELIVERED) {
            throw new Refusal(400, "tracing_config_verification_failed",
                    "The " + provider + " backend did not accept these settings (" + outcome.code() + ").",
                    CheckAnswers.concerning(outcome.code(), registry.of(provider).orElseThrow(), config));
        }
    }

    /** Fields that name a place the relay will connect to. */
    private static final Set<String> OUTBOUND_FIELDS = Set.of("endpoint", "host", "url", "tracking_uri");

    private Map<String, String> validated(ProviderModel model, Map<String, String> submitted) {
        ProviderModel.Result result = model.apply(submitted);
        List<Violation> violations = new ArrayList<>(result.violations());
        result.config().forEach((field, value) -> {
            String refusal = OUTBOUND_FIELDS.contains(field) && !value.isEmpty() ? guard.refusal(value) : null;
            if (refusal != null) {
                violations.add(new Violation("tracing_config." + field, refusal));
            }
        });
        if (!violations.isEmpty()) {
            throw new Refusal(400, "invalid_tracing_config", "The tracing config is not valid.", violations);
        }
        return result.config();
    }

    private Optional<TraceConfig> stored(String appId, String provider) {
        return em.createNamedQuery(TraceConfig.BY_APP_AND_PROVIDER, TraceConfig.class)
                .setParameter("appId", appId).setParameter("provider", provider)
                .getResultStream().findFirst();
    }

    /** Re-seals every config of the tenant's apps with its active key (after a tenant key rotation). */
    public int resealAll(String tenant) {
        List<TraceConfig> rows = em.createQuery(
                "select c from TraceConfig c, App a where a.appId = c.appId and a.tenantId = :tenant", TraceConfig.class)
                .setParameter("tenant", tenant).getResultList();
        for (TraceConfig row : rows) {
            ProviderModel model = registry.of(row.getProvider()).orElseThrow();
            row.replaceConfig(seal(tenant, row.getAppId(), model, open(tenant, row, model)), Instant.now());
        }
        return rows.size();
    }

    private String seal(String tenant, String appId, ProviderModel model, Map<String, String> config) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        config.forEach((field, value) -> b.add(field, model.isSecret(field) && !value.isEmpty()
                ? sealing.sealSecret(tenant, appId, model.id(), field, value) : value));
        return b.build().toString();
    }

    private Map<String, String> open(String tenant, TraceConfig row, ProviderModel model) {
        JsonObject stored = Jsonp.createReader(new StringReader(row.getConfig())).readObject();
        Map<String, String> plain = new LinkedHashMap<>();
        for (ConfigField f : model.fields()) {
            String v = stored.get(f.name()) instanceof JsonString s ? s.getString() : "";
            plain.put(f.name(), f.secret() && !v.isEmpty() ? sealing.openSecret(tenant, row.getAppId(), row.getProvider(), f.name(), v) : v);
        }
        return plain;
    }

    private JsonObject view(String tenant, TraceConfig row) {
        ProviderModel model = registry.of(row.getProvider()).orElseThrow();
        Map<String, String> plain = open(tenant, row, model);
        JsonObjectBuilder config = Jsonp.createObjectBuilder();
        plain.forEach((field, value) -> config.add(field, model.isSecret(field) ? Masking.mask(value) : value));
        Destination destination = new Destination(RouteKey.of(row.getProvider(), row.getAppId()).value(), row.getProvider(),
                row.getAppId(), plain);
        config.add("project_url", projectUrls.of(destination, row.getUpdatedAt()));
        return Jsonp.createObjectBuilder()
                .add("id", row.getId())
                .add("app_id", row.getAppId())
                .add("tracing_provider", row.getProvider())
                .add("tracing_config", config)
                .add("created_at", row.getCreatedAt().toString())
                .add("updated_at", row.getUpdatedAt().toString())
                .build();
    }

    private static Refusal conflict(String provider) {
        return new Refusal(409, "trace_config_already_exists", "A trace config for " + provider + " already exists.");
    }

    private static Refusal notFound(String provider) {
        return new Refusal(404, "trace_config_not_found", "No trace config for " + provider + ".");
    }
}
