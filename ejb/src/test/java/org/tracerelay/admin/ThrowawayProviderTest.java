package org.tracerelay.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.domain.app.App;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.registry.ClassPathProviders;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.export.sample.SampleExporter;
import org.tracerelay.refusal.Refusal;
import org.tracerelay.refusal.Violation;

/**
 * Adding a provider is adding its package: the throwaway provider {@code sample}, declared only
 * in the test classes (package {@code export.sample}), is found by the registry and accepted by
 * the admin API's validation with no other edit; the shipped code does not know it.
 */
class ThrowawayProviderTest {

    private static final Providers WITH_SAMPLE = ClassPathProviders.withTestProviders();

    /** Apps over one stored app of tenant acme, deciding with the given registry. */
    private static Apps apps(Providers registry) {
        App app = new App("app-1", "acme", "demo", "chat", Instant.parse("2026-01-01T00:00:00Z"));
        Apps apps = new Apps();
        apps.registry = registry;
        apps.em = (EntityManager) Proxy.newProxyInstance(EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("find") && "app-1".equals(args[1])) {
                        return app;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return apps;
    }

    @Test
    void theRegistryFindsItsPackage() {
        assertTrue(WITH_SAMPLE.isKnown("sample"));
        assertTrue(WITH_SAMPLE.ids().containsAll(ClassPathProviders.shipped().ids()));
        assertFalse(ClassPathProviders.shipped().isKnown("sample"));
        assertEquals("https://sample.example/", WITH_SAMPLE.get("sample").orElseThrow()
                .projectHome(new Destination("sample/app-1", "sample", "app-1", Map.of("endpoint", "https://sample.example"))));
    }

    @Test
    void twoPackagesClaimingOneIdAreRefused() {
        assertThrows(IllegalStateException.class, () -> new Providers(List.of(new SampleExporter(), new SampleExporter())));
    }

    @Test
    void theTracingSwitchAcceptsItOnlyWhereItIsDeclared() {
        assertEquals("sample", apps(WITH_SAMPLE).switchTracing("acme", "app-1", true, "sample").activeProvider());
        Refusal unknown = assertThrows(Refusal.class, () -> apps(ClassPathProviders.shipped()).switchTracing("acme", "app-1", true, "sample"));
        assertEquals(400, unknown.status());
        assertEquals("unsupported_tracing_provider", unknown.code());
    }

    @Test
    void itsConfigIsValidatedByItsOwnModel() {
        ProviderModel model = WITH_SAMPLE.of("sample").orElseThrow();
        assertEquals(List.of(new Violation("tracing_config.endpoint", "URL must start with https:// or http://")),
                model.apply(Map.of("endpoint", "ftp://sample.example")).violations());
        assertTrue(model.isSecret("api_key"));
        assertEquals(List.of("tracing_config.api_key"), CheckAnswers.concerning("invalid_credentials", model,
                Map.of("endpoint", "https://sample.example", "api_key", "k")).stream().map(Violation::path).toList());
    }
}
