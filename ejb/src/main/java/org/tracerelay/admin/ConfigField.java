package org.tracerelay.admin;

import java.util.function.Function;

/**
 * One field of a provider's config: whether it is secret (sealed at rest, masked on read),
 * required, its default for "" or absent, and a check returning an error message or null.
 */
public record ConfigField(String name, boolean secret, boolean required, String defaultValue,
                          Function<String, String> check) {

    public static ConfigField plain(String name, boolean required, String defaultValue, Function<String, String> check) {
        return new ConfigField(name, false, required, defaultValue, check);
    }

    public static ConfigField secret(String name, boolean required, Function<String, String> check) {
        return new ConfigField(name, true, required, "", check);
    }
}
