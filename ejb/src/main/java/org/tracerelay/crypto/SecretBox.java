package org.tracerelay.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce. The text form is {@code v<version>.<base64(nonce|ciphertext|tag)>}
 * so a reader knows which key sealed it. The associated data binds a ciphertext to its place
 * (row and field): copied elsewhere it no longer opens.
 */
public final class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Per thread: the default SecureRandom (NativePRNG: one lock and a /dev/urandom read for every
    // instance) and Cipher.getInstance (a provider lookup per call) both showed in the intake profile.
    // Each thread's DRBG is seeded on its own, so nonces stay unpredictable across threads.
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecretBox::newRandom);
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(SecretBox::newCipher);

    private final int version;
    private final SecretKey key;

    public SecretBox(int version, byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, got " + key.length);
        }
        this.version = version;
        this.key = new SecretKeySpec(key, "AES");
    }

    public String seal(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return "v" + version + "." + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private static SecureRandom newRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no DRBG SecureRandom", e);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The key version a sealed text names, so the reader can pick the key. */
    public static int versionOf(String sealedText) {
        int dot = sealedText.indexOf('.');
        if (!sealedText.startsWith("v") || dot < 2) {
            throw new SealException("not a sealed value");
        }
        try {
            return Integer.parseInt(sealedText.substring(1, dot));
        } catch (NumberFormatException e) {
            throw new SealException("not a sealed value");
        }
    }

    public String open(String sealedText, String associatedData) {
        int dot = sealedText.indexOf('.');
        if (versionOf(sealedText) != version) {
            throw new SealException("sealed with another key version");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(sealedText.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new SealException("not a sealed value");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new SealException("not a sealed value");
        }
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key or wrong place: say which without echoing anything of the value.
            throw new SealException("does not open with this key and associated data");
        }
    }

    /**
     * The binary form, for bodies too large to copy into text: {@code version (4 bytes) | nonce |
     * ciphertext | tag}, one array allocated for the whole.
     */
    public byte[] sealBytes(byte[] plaintext, String associatedData) {
        byte[] out = new byte[4 + NONCE_BYTES + plaintext.length + TAG_BITS / 8];
        ByteBuffer.wrap(out).putInt(version);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.get().nextBytes(nonce);
        System.arraycopy(nonce, 0, out, 4, NONCE_BYTES);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            c.doFinal(plaintext, 0, plaintext.length, out, 4 + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The key version a binary sealed value names. */
    public static int versionOf(byte[] sealed) {
        if (sealed == null || sealed.length < 4 + NONCE_BYTES + TAG_BITS / 8) {
            throw new SealException("not a sealed value");
        }
        return ByteBuffer.wrap(sealed).getInt();
    }

    public byte[] openBytes(byte[] sealed, String associatedData) {
        if (versionOf(sealed) != version) {
            throw new SealException("sealed with another key version");
        }
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 4, NONCE_BYTES));
            c.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 4 + NONCE_BYTES, sealed.length - 4 - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new SealException("does not open with this key and associated data");
        }
    }

    /** A sealed value that cannot be opened. The message never contains the value. */
    public static final class SealException extends RuntimeException {
        public SealException(String message) {
            super(message);
        }
    }
}
