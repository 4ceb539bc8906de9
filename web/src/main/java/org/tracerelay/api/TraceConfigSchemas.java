package org.tracerelay.api;

import jakarta.enterprise.inject.spi.CDI;
import java.util.List;
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

    @Override
    public OpenAPI buildModel() {
        Components components = OASFactory.createComponents();
        Providers providers = discovered();
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
     * own, so the lookup runs with this module's class loader, which names the deployment to CDI.
     */
    private static Providers discovered() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TraceConfigSchemas.class.getClassLoader());
        try {
            return CDI.current().select(Providers.class).get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
