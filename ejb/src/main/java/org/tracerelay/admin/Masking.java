package org.tracerelay.admin;

/** How a secret is shown on read, and how a write says "keep what is stored" (contract; Dify §3.4-3.5). */
public final class Masking {

    private Masking() {
    }

    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() <= 8) {
            return "*".repeat(20);
        }
        return secret.substring(0, 6) + "*".repeat(12) + secret.substring(secret.length() - 2);
    }

    /** A submitted secret containing {@code *} is a masked echo: keep the stored value. */
    public static boolean keepsStored(String submitted) {
        return submitted != null && submitted.indexOf('*') >= 0;
    }
}
