package org.tracerelay.export;

import java.util.Map;

/**
 * Where a batch goes: the provider, the app it belongs to, and its settings with secrets
 * already opened. Built per batch and never shared, so no exporter holds another tenant's config.
 */
public record Destination(String key, String provider, String appId, Map<String, String> settings) {

    public Destination {
        settings = Map.copyOf(settings);
    }

    public String setting(String name) {
        return settings.get(name);
    }

    /** The key of an app's provider destination; the delivery rows carry it. */
    public static String keyOf(String provider, String appId) {
        return provider + "/" + appId;
    }

    @Override
    public String toString() {
        return "Destination[" + key + "]";
    }
}
