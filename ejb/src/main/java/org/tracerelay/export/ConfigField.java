package org.tracerelay.export;

import java.util.function.UnaryOperator;

/**
 * One field of a provider's config: secret (sealed at rest, masked on read) or plain, its
 * default for "" or absent, the message when it is required but empty, and a rule that returns
 * the normalized value or throws {@link IllegalArgumentException} with the message to show.
 */
public record ConfigField(String name, boolean secret, String defaultValue, String requiredMessage,
                          UnaryOperator<String> rule) {

    public static ConfigField plain(String name, String defaultValue, UnaryOperator<String> rule) {
        return new ConfigField(name, false, defaultValue, null, rule);
    }

    public static ConfigField requiredPlain(String name, UnaryOperator<String> rule) {
        return new ConfigField(name, false, "", name + " is required", rule);
    }

    public static ConfigField secret(String name) {
        return new ConfigField(name, true, "", null, UnaryOperator.identity());
    }

    public static ConfigField requiredSecret(String name, String requiredMessage) {
        return new ConfigField(name, true, "", requiredMessage, UnaryOperator.identity());
    }

    public boolean required() {
        return requiredMessage != null;
    }
}
