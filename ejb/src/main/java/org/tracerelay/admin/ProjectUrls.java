package org.tracerelay.admin;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.export.Destination;
import org.tracerelay.export.Exporters;
import org.tracerelay.export.registry.Providers;
import org.tracerelay.support.LruMaps;

/**
 * The link to a destination's project in its backend, asked of the exporter at most once per
 * TTL and never waited on for more than {@code trace.admin.project-url-wait}: a slow or failing
 * backend gives the provider's fixed link instead (dify-ops-core §3.2).
 */
@ApplicationScoped
public class ProjectUrls {

    private static final int MAX_CACHED = 10_000;

    @Inject
    Exporters exporters;

    @Inject
    Providers registry;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "trace.admin.project-url-ttl", defaultValue = "PT10M")
    Duration ttl;

    @Inject
    @ConfigProperty(name = "trace.admin.project-url-wait", defaultValue = "PT2S")
    Duration wait;

    private record Cached(String url, Instant until) {
    }

    /** Keyed by destination and config version, so a changed config is asked again and no secret is a key. */
    private final Map<String, Cached> cache = LruMaps.synchronizedLru(MAX_CACHED);

    public String of(Destination destination, Instant configVersion) {
        String key = destination.key() + "@" + configVersion;
        Cached hit = cache.get(key);
        if (hit != null && hit.until().isAfter(Instant.now())) {
            return hit.url();
        }
        String url = lookup(destination).orElseGet(() -> fallback(destination));
        cache.put(key, new Cached(url, Instant.now().plus(ttl)));
        return url;
    }

    private Optional<String> lookup(Destination destination) {
        return exporters.forProvider(destination.provider()).flatMap(exporter -> {
            try {
                return CompletableFuture.supplyAsync(() -> exporter.projectUrl(destination), executor)
                        .get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception slowOrFailed) {
                return Optional.empty();
            }
        });
    }

    private String fallback(Destination destination) {
        return registry.get(destination.provider()).map(p -> p.projectHome(destination)).orElse("");
    }
}
