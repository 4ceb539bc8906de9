package org.tracerelay.export.enterprise;

import java.util.LinkedHashMap;
import java.util.Map;

/** Log attributes in order; unlike span attributes, a null value is kept (data dictionary §10). */
final class LogAttributes {

    private final Map<String, Object> values = new LinkedHashMap<>();

    LogAttributes(String eventName, String signal) {
        values.put("dify.event.name", eventName);
        values.put("dify.event.signal", signal);
    }

    LogAttributes put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /** For attributes that exist only under a condition (LLM, plugin, dataset, parent). */
    LogAttributes putIf(boolean condition, String key, Object value) {
        if (condition) {
            values.put(key, value);
        }
        return this;
    }

    Map<String, Object> build() {
        return values;
    }
}
