package org.tracerelay.config;

/**
 * How a secret is shown on read, and how a write says "keep what is stored" (contract; Dify's
 * console sends the masked value back unchanged). A mask is always 20 characters, so its length
 * says nothing of the secret's.
 */
public final class Masking {

    static final int MASK_LENGTH = 20;
    /** Shorter secrets show nothing: four characters of a short one is too large a share of it. */
    static final int SHOWS_TAIL_FROM = 16;
    static final int TAIL = 4;

    private Masking() {
    }

    public static String mask(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() < SHOWS_TAIL_FROM) {
            return "*".repeat(MASK_LENGTH);
        }
        return "*".repeat(MASK_LENGTH - TAIL) + secret.substring(secret.length() - TAIL);
    }

    /**
     * A submitted secret keeps the stored one when it is the mask shown for it, or asterisks only
     * (a mask with nothing shown); any other value, one containing {@code *} too, is a new secret.
     */
    public static boolean keepsStored(String submitted, String stored) {
        if (submitted == null || submitted.isEmpty()) {
            return false;
        }
        return submitted.equals(mask(stored)) || submitted.chars().allMatch(c -> c == '*');
    }
}
