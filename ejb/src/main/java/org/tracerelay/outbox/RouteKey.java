package org.tracerelay.outbox;

/**
 * The destination a delivery row names: {@code provider/appId} for an app's provider, the bare
 * provider for a deployment-wide one (the enterprise collector). Built and read only here.
 */
public record RouteKey(String provider, String appId) {

    public static RouteKey of(String provider, String appId) {
        return new RouteKey(provider, appId);
    }

    public static RouteKey parse(String value) {
        int slash = value.indexOf('/');
        return slash < 0 ? new RouteKey(value, null) : new RouteKey(value.substring(0, slash), value.substring(slash + 1));
    }

    /** Whether the key names one app's destination (not a deployment-wide one). */
    public boolean ofApp() {
        return appId != null;
    }

    public String value() {
        return appId == null ? provider : provider + "/" + appId;
    }

    @Override
    public String toString() {
        return value();
    }
}
