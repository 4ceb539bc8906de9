package org.tracerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.registry.ClassPathProviders;
import org.tracerelay.refusal.Violation;

class CheckAnswersTest {

    private static List<String> paths(String code, String provider, Map<String, String> config) {
        return CheckAnswers.concerning(code, ClassPathProviders.shipped().of(provider).orElseThrow(), config).stream().map(Violation::path).toList();
    }

    @Test
    void aRefusedCredentialNamesTheSecretsThatWereSent() {
        assertEquals(List.of("tracing_config.public_key", "tracing_config.secret_key"),
                paths("invalid_credentials", "langfuse", Map.of("public_key", "pk", "secret_key", "sk", "host", "https://x")));
        assertEquals(List.of("tracing_config.password"),
                paths("http_401", "mlflow", Map.of("tracking_uri", "http://m", "username", "u", "password", "p")));
    }

    @Test
    void anUnreachableAddressNamesItsField() {
        assertEquals(List.of("tracing_config.endpoint"), paths("network_error", "otlp", Map.of("endpoint", "http://x")));
        assertEquals(List.of("tracing_config.tracking_uri"), paths("destination_forbidden", "mlflow", Map.of("tracking_uri", "http://x")));
        assertEquals(List.of("tracing_config.experiment_id"), paths("experiment_not_found", "mlflow", Map.of("experiment_id", "7")));
    }

    @Test
    void anythingElseNamesNoField() {
        assertEquals(List.of(), paths("http_500", "otlp", Map.of("endpoint", "http://x")));
    }
}
