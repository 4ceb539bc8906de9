package org.tracerelay.admin;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.Optional;
import org.tracerelay.config.MaskedMerge;
import org.tracerelay.config.StoredConfigs;
import org.tracerelay.domain.config.TraceConfig;
import org.tracerelay.export.ProviderModel;

/**
 * Per-app provider configs with Dify's console semantics: secrets sealed at rest and masked on
 * read, "*" in a submitted secret keeps the stored one, "" takes the default. Only the caller's
 * own apps; a config is stored once it passes its checks.
 */
@Stateless
public class TraceConfigs {

    @Inject
    Apps apps;

    @Inject
    StoredConfigs stored;

    @Inject
    ConfigChecks checks;

    @Inject
    ConfigViews views;

    public Optional<JsonObject> read(String tenant, String appId, String provider) {
        apps.find(tenant, appId);
        return stored.find(appId, provider).map(row -> views.of(tenant, row));
    }

    public JsonObject create(String tenant, String appId, String provider, Map<String, String> submitted) {
        apps.find(tenant, appId);
        ProviderModel model = checks.supportedModel(provider);
        stored.refuseSecond(appId, provider);
        Map<String, String> config = checks.validated(model, submitted);
        checks.verify(appId, model, config);
        return views.of(tenant, stored.add(tenant, appId, model, config));
    }

    public JsonObject update(String tenant, String appId, String provider, Map<String, String> submitted) {
        apps.find(tenant, appId);
        ProviderModel model = checks.supportedModel(provider);
        TraceConfig row = stored.existing(appId, provider);
        MaskedMerge merge = MaskedMerge.of(model, stored.open(tenant, row), submitted);
        Map<String, String> config = merge.bound(checks.validated(model, merge.config()));
        checks.verify(appId, model, config);
        stored.replace(tenant, row, model, config);
        return views.of(tenant, row);
    }

    public void delete(String tenant, String appId, String provider) {
        apps.find(tenant, appId);
        stored.remove(stored.existing(appId, provider));
    }

    public JsonObject list(String tenant, String appId, boolean includeConfig) {
        apps.find(tenant, appId);
        return views.list(tenant, stored.ofApp(appId), includeConfig);
    }

    public boolean isConfigured(String appId, String provider) {
        return provider != null && stored.find(appId, provider).isPresent();
    }
}
