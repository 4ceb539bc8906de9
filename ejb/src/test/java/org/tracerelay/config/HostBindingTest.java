package org.tracerelay.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.collector.OtlpConfig;
import org.tracerelay.export.langfuse.LangfuseConfig;
import org.tracerelay.refusal.Refusal;

/** A stored secret never follows a changed host. */
class HostBindingTest {

    static final Map<String, String> STORED = Map.of("public_key", "pk", "secret_key", "sk", "host", "https://cloud.langfuse.com");

    @Test
    void aNewHostWithAKeptSecretIsRefused() {
        Map<String, String> next = Map.of("public_key", "pk", "secret_key", "sk", "host", "https://evil.example");
        Refusal r = assertThrows(Refusal.class, () -> HostBinding.refuseSecretsFollowingANewHost(LangfuseConfig.MODEL,
                STORED, next, List.of("public_key", "secret_key")));
        assertEquals(400, r.status());
        assertEquals("secret_required_for_new_host", r.code());
    }

    @Test
    void aNewHostWithSecretsEnteredAgainOrTheSameHostIsFine() {
        Map<String, String> next = Map.of("public_key", "pk2", "secret_key", "sk2", "host", "https://evil.example");
        assertDoesNotThrow(() -> HostBinding.refuseSecretsFollowingANewHost(LangfuseConfig.MODEL, STORED, next, List.of()));
        assertDoesNotThrow(() -> HostBinding.refuseSecretsFollowingANewHost(LangfuseConfig.MODEL, STORED, STORED,
                List.of("public_key", "secret_key")));
    }

    @Test
    void otlpHeadersAreASecretThatStaysWithItsEndpoint() {
        Map<String, String> stored = Map.of("endpoint", "http://collector:4318", "headers", "authorization=Bearer t");
        Map<String, String> moved = Map.of("endpoint", "http://other:4318", "headers", "authorization=Bearer t");
        assertThrows(Refusal.class, () -> HostBinding.refuseSecretsFollowingANewHost(OtlpConfig.MODEL, stored, moved,
                List.of("headers")));
    }
}
