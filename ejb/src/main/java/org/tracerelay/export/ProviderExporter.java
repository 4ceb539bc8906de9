package org.tracerelay.export;

/**
 * What every provider's exporter declares the same way: its config model and its fixed project
 * link. A provider's exporter extends this, names both in its constructor, and supplies only its
 * mapping, its push, its credential check and its project URL.
 */
public abstract class ProviderExporter implements TracingProvider {

    private final ProviderModel model;
    private final String projectHome;

    /** @param projectHome Dify's fixed link to the backend; "" when there is none */
    protected ProviderExporter(ProviderModel model, String projectHome) {
        this.model = model;
        this.projectHome = projectHome;
    }

    @Override
    public ProviderModel model() {
        return model;
    }

    @Override
    public String projectHome(Destination destination) {
        return projectHome;
    }
}
