package org.tracerelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;

/** An opened destination is reused until its config row changes, and goes only with its own tenant's tasks. */
class OpenedConfigsTest {

    static final Instant V1 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void opensOncePerConfigVersion() {
        OpenedConfigs opened = new OpenedConfigs();
        AtomicInteger opens = new AtomicInteger();
        String key = "langfuse/app-1";
        Destination first = opened.get(key, V1, () -> open(key, opens, "sk-1"));
        assertSame(first, opened.get(key, V1, () -> open(key, opens, "sk-1")));
        assertEquals(1, opens.get());
        Destination changed = opened.get(key, V1.plusMillis(1), () -> open(key, opens, "sk-2"));
        assertEquals("sk-2", changed.setting("secret_key"));
        assertEquals(2, opens.get());
    }

    @Test
    void anAppsDestinationTakesOnlyItsTenantsTasks() {
        Destination d = AppDestinations.destination("langfuse", "app-1", Map.of());
        assertEquals("langfuse/app-1", d.key());
        assertTrue(new OpenDestination(d, "t1").takes("t1"));
        assertFalse(new OpenDestination(d, "t1").takes("t2"));
        assertTrue(new OpenDestination(d, null).takes("t2"), "a deployment-wide destination takes every tenant's");
    }

    private static Destination open(String key, AtomicInteger opens, String secret) {
        opens.incrementAndGet();
        return new Destination(key, "langfuse", "app-1", Map.of("secret_key", secret));
    }
}
