package org.tracerelay.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals stored payloads and provider secrets with the master key {@code TRACE_RELAY_MASTER_KEY}
 * (base64 of 32 bytes). The associated data names where a value lives, so a value moved to
 * another row or field no longer opens.
 */
@ApplicationScoped
public class Sealing {

    @Inject
    @ConfigProperty(name = "trace.relay.master.key")
    Optional<String> masterKey;

    private SecretBox box;

    @PostConstruct
    void init() {
        String key = masterKey.filter(k -> !k.isBlank()).orElseThrow(() ->
                new IllegalStateException("TRACE_RELAY_MASTER_KEY is not set (base64 of 32 random bytes)"));
        try {
            box = SecretBox.fromBase64(1, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("TRACE_RELAY_MASTER_KEY must be base64 of 32 bytes");
        }
    }

    public String sealPayload(String taskId, String json) {
        return box.seal(json, payloadPlace(taskId));
    }

    public String openPayload(String taskId, String sealed) {
        return box.open(sealed, payloadPlace(taskId));
    }

    public String sealSecret(String appId, String provider, String field, String value) {
        return box.seal(value, secretPlace(appId, provider, field));
    }

    public String openSecret(String appId, String provider, String field, String sealed) {
        return box.open(sealed, secretPlace(appId, provider, field));
    }

    private static String payloadPlace(String taskId) {
        return "trace_task/" + taskId;
    }

    private static String secretPlace(String appId, String provider, String field) {
        return "trace_config/" + appId + "/" + provider + "/" + field;
    }
}
