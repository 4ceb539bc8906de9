package org.tracerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.intake.Violation;

class ProviderModelsTest {

    private final ProviderModel otlp = ProviderModels.of("otlp").orElseThrow();

    @Test
    void contractProviderIdsAreKnown() {
        assertEquals(12, ProviderModels.IDS.size());
        assertTrue(ProviderModels.isKnown("langfuse"));
        assertTrue(!ProviderModels.isKnown("nosuch"));
    }

    @Test
    void otlpNeedsAnHttpEndpoint() {
        assertEquals(List.of(new Violation("tracing_config.endpoint", "endpoint is required")),
                otlp.validate(otlp.normalize(Map.of("endpoint", ""))));
        assertEquals(List.of(new Violation("tracing_config.endpoint", "must be an http or https URL")),
                otlp.validate(otlp.normalize(Map.of("endpoint", "ftp://collector:21"))));
        assertEquals(List.of(), otlp.validate(otlp.normalize(Map.of("endpoint", "https://otel.example.com:4318"))));
    }

    @Test
    void headersAreKeyValuePairsAndSecret() {
        assertTrue(otlp.isSecret("headers"));
        assertTrue(!otlp.isSecret("endpoint"));
        assertEquals(List.of(), otlp.validate(otlp.normalize(Map.of("endpoint", "http://c:4318", "headers", "a=1,b=2"))));
        assertEquals("tracing_config.headers",
                otlp.validate(otlp.normalize(Map.of("endpoint", "http://c:4318", "headers", "novalue"))).get(0).path());
    }

    @Test
    void unknownKeysAreDroppedAndMissingOnesDefaulted() {
        assertEquals(Map.of("endpoint", "http://c", "headers", ""), otlp.normalize(Map.of("endpoint", "http://c", "x", "y")));
    }
}
