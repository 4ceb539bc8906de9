package org.tracerelay.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.config.HostBinding;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.refusal.Violation;

/**
 * Which fields a failed credential check concerns, so an admin (and the console) sees the answer
 * next to them: a refused credential names the secrets that were sent, an unreachable or
 * forbidden address names the field holding it, an unknown experiment its id. The backend's own
 * answer is never echoed; only the check's outcome code is.
 */
final class CheckAnswers {

    private static final Set<String> REFUSED_CREDENTIALS = Set.of("invalid_credentials", "missing_credentials",
            "http_401", "http_403", "grpc_unauthenticated", "grpc_permission_denied");
    private static final Set<String> UNREACHABLE = Set.of("destination_forbidden", "network_error", "timeout",
            "http_404", "invalid_endpoint", "grpc_unavailable", "grpc_deadline_exceeded");

    private CheckAnswers() {
    }

    static List<Violation> concerning(String code, ProviderModel model, Map<String, String> config) {
        List<Violation> out = new ArrayList<>();
        if (REFUSED_CREDENTIALS.contains(code)) {
            for (ConfigField f : model.fields()) {
                if (f.secret() && config.get(f.name()) != null && !config.get(f.name()).isEmpty()) {
                    out.add(new Violation("tracing_config." + f.name(), "the backend refused this credential (" + code + ")"));
                }
            }
        } else if ("experiment_not_found".equals(code) && model.fields().stream().anyMatch(f -> f.name().equals("experiment_id"))) {
            out.add(new Violation("tracing_config.experiment_id", "the backend has no such experiment"));
        } else if (UNREACHABLE.contains(code)) {
            model.fields().stream().map(ConfigField::name).filter(HostBinding.HOST_FIELDS::contains).findFirst()
                    .ifPresent(f -> out.add(new Violation("tracing_config." + f, "the backend at this address did not answer the check ("
                            + code + ")")));
        }
        return out;
    }
}
