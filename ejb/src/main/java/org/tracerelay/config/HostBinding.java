package org.tracerelay.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.refusal.Refusal;

/**
 * A stored secret never follows a changed host: whoever points a config somewhere else must
 * type the secrets in again, or the relay would hand the old credential to the new host.
 */
public final class HostBinding {

    /** The fields that say where a config's requests go. */
    public static final List<String> HOST_FIELDS = List.of("endpoint", "host", "url", "tracking_uri", "site");

    private HostBinding() {
    }

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
}
