package org.tracerelay.api;

import jakarta.enterprise.inject.spi.CDI;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.tracerelay.export.ConfigField;
import org.tracerelay.export.ProviderModel;
import org.tracerelay.export.registry.Providers;

/**
 * Adds each provider's {@code tracing_config} model to the OpenAPI document, generated from the
 * same models the API validates with, so the document cannot drift from the code.
 */
public class TraceConfigSchemas implements OASModelReader {

    private static final Logger LOG = Logger.getLogger(TraceConfigSchemas.class.getName());
    private static final Duration CONTAINER_WAIT = Duration.ofSeconds(30);

    @Override
    public OpenAPI buildModel() {
        Components components = OASFactory.createComponents();
        Providers providers;
        try {
            providers = discovered();
        } catch (RuntimeException noContainer) {
            // The API itself works without these schemas; only the console's provider forms are missing.
            LOG.log(Level.SEVERE, "no provider registry for the OpenAPI document: TracingConfig schemas left out", noContainer);
            return OASFactory.createOpenAPI().components(components);
        }
        for (String provider : providers.ids()) {
            ProviderModel model = providers.of(provider).orElseThrow();
            Schema schema = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                    .description("tracing_config of provider '" + provider + "'");
            for (ConfigField f : model.fields()) {
                Schema property = OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING))
                        .description(f.secret() ? "secret: sealed at rest, masked on read; a value containing '*' keeps the stored one"
                                : "plain; \"\" takes the default");
                if (f.secret()) {
                    property.addExtension("x-secret", true);
                }
                if (f.defaultValue() != null && !f.defaultValue().isEmpty()) {
                    property.defaultValue(f.defaultValue());
                }
                schema.addProperty(f.name(), property);
                if (f.required()) {
                    schema.addRequired(f.name());
                }
            }
            components.addSchema("TracingConfig_" + provider, schema);
        }
        return OASFactory.createOpenAPI().components(components);
    }

    /**
     * The registry the container discovered. The server builds this document on a thread of its
     * own, maybe while the container still starts: the lookup runs with this module's class
     * loader, which names the deployment to CDI, and waits for the container a bounded time.
     */
    private static Providers discovered() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TraceConfigSchemas.class.getClassLoader());
        long deadline = System.nanoTime() + CONTAINER_WAIT.toNanos();
        try {
            while (true) {
                try {
                    Providers providers = CDI.current().select(Providers.class).get();
                    providers.ids();
                    return providers;
                } catch (RuntimeException starting) {
                    if (System.nanoTime() > deadline) {
                        throw starting;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the CDI container", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
