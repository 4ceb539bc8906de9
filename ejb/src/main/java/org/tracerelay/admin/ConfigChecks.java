package org.tracerelay.admin;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.config.AppDestinations;
import org.tracerelay.config.ConfigModels;
import org.tracerelay.export.Exporters;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.http.OutboundGuard;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/** What a submitted config must pass before it is stored: a supported provider, its model's rules, the outbound guard, and the backend's own check. */
@ApplicationScoped
public class ConfigChecks {

    /** Fields that name a place the relay will connect to. */
    private static final Set<String> OUTBOUND_FIELDS = Set.of("endpoint", "host", "url", "tracking_uri");

    @Inject
    ConfigModels models;

    @Inject
    Exporters exporters;

    @Inject
    OutboundGuard guard;

    ProviderModel supportedModel(String provider) {
        return models.of(provider).filter(model -> exporters.forProvider(provider).isPresent())
                .orElseThrow(() -> new Refusal(400, "unsupported_tracing_provider", "Unsupported tracing provider: " + provider));
    }

    Map<String, String> validated(ProviderModel model, Map<String, String> submitted) {
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

    /** The backend must accept the credentials before they are saved; its answer is never echoed. */
    void verify(String appId, ProviderModel model, Map<String, String> config) {
        String provider = model.id();
        ExportOutcome outcome = exporters.forProvider(provider).orElseThrow()
                .verify(AppDestinations.destination(provider, appId, config));
        if (outcome.kind() != ExportOutcome.Kind.DELIVERED) {
            throw new Refusal(400, "tracing_config_verification_failed",
                    "The " + provider + " backend did not accept these settings (" + outcome.code() + ").",
                    CheckAnswers.concerning(outcome.code(), model, config));
        }
    }
}
