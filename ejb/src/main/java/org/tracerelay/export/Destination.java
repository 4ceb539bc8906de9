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

    /** A URL setting, trimmed and without trailing slashes; the default when blank. */
    public String url(String name, String fallback) {
        String v = settings.get(name);
        String url = (v == null || v.isBlank() ? fallback : v).trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    @Override
    public String toString() {
        return "Destination[" + key + "]";
    }
}
