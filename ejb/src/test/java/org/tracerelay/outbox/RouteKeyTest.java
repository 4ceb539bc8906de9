package org.tracerelay.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteKeyTest {

    @Test
    void anAppsDestinationRoundTrips() {
        RouteKey key = RouteKey.of("langfuse", "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c");
        assertEquals("langfuse/3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c", key.value());
        assertEquals(key, RouteKey.parse(key.value()));
        assertTrue(key.ofApp());
    }

    @Test
    void aDeploymentWideDestinationHasNoApp() {
        RouteKey key = RouteKey.parse("enterprise");
        assertEquals("enterprise", key.provider());
        assertFalse(key.ofApp());
        assertEquals("enterprise", key.value());
    }

    @Test
    void onlyTheFirstSlashSeparates() {
        assertEquals(RouteKey.of("otlp", "a/b"), RouteKey.parse("otlp/a/b"));
    }
}
