package org.tracerelay.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;

/**
 * An update as Dify's console sends it: a secret submitted as its mask (or asterisks only) keeps
 * the stored one, anything else is taken as given. {@link #keptSecrets} names the stored,
 * non-empty secrets kept that way, which {@link #bound} holds to the stored host.
 */
public record MaskedMerge(ProviderModel model, Map<String, String> current, Map<String, String> config,
                          List<String> keptSecrets) {

    public static MaskedMerge of(ProviderModel model, Map<String, String> current, Map<String, String> submitted) {
        Map<String, String> merged = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (ConfigField f : model.fields()) {
            String given = submitted.get(f.name());
            String stored = current.get(f.name());
            boolean keep = f.secret() && Masking.keepsStored(given, stored);
            merged.put(f.name(), keep ? stored : given);
            if (keep && stored != null && !stored.isEmpty()) {
                kept.add(f.name());
            }
        }
        return new MaskedMerge(model, current, merged, List.copyOf(kept));
    }

    /** The validated form of {@link #config}, refused when a kept secret would follow a changed host. */
    public Map<String, String> bound(Map<String, String> validated) {
        HostBinding.refuseSecretsFollowingANewHost(model, current, validated, keptSecrets);
        return validated;
    }
}
