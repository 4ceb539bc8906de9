package org.tracerelay.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tracerelay.config.AppDestinations;
import org.tracerelay.config.ConfigModels;
import org.tracerelay.config.Masking;
import org.tracerelay.config.StoredConfigs;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.json.Jsonp;

/** A stored config as the admin API shows it: secrets masked, with the link to its project in the backend. */
@ApplicationScoped
public class ConfigViews {

    @Inject
    StoredConfigs configs;

    @Inject
    ConfigModels models;

    @Inject
    ProjectUrls projectUrls;

    JsonObject of(String tenant, TraceConfig row) {
        ProviderModel model = models.of(row.getProvider()).orElseThrow();
        Map<String, String> plain = configs.open(tenant, row);
        JsonObjectBuilder config = Jsonp.createObjectBuilder();
        plain.forEach((field, value) -> config.add(field, model.isSecret(field) ? Masking.mask(value) : value));
        config.add("project_url", projectUrls.of(AppDestinations.destination(row.getProvider(), row.getAppId(), plain),
                row.getUpdatedAt()));
        return Jsonp.createObjectBuilder()
                .add("id", row.getId())
                .add("app_id", row.getAppId())
                .add("tracing_provider", row.getProvider())
                .add("tracing_config", config)
                .add("created_at", row.getCreatedAt().toString())
                .add("updated_at", row.getUpdatedAt().toString())
                .build();
    }

    /** The providers configured for the app, each once, in provider order; with their views if asked. */
    JsonObject list(String tenant, List<TraceConfig> rows, boolean includeConfig) {
        var providers = Jsonp.createArrayBuilder();
        var views = Jsonp.createArrayBuilder();
        List<String> seen = new ArrayList<>();
        for (TraceConfig row : rows) {
            if (seen.contains(row.getProvider()) || !models.isKnown(row.getProvider())) {
                continue;
            }
            seen.add(row.getProvider());
            providers.add(row.getProvider());
            if (includeConfig) {
                views.add(of(tenant, row));
            }
        }
        JsonObjectBuilder out = Jsonp.createObjectBuilder().add("configured_providers", providers);
        return includeConfig ? out.add("configs", views).build() : out.addNull("configs").build();
    }
}
