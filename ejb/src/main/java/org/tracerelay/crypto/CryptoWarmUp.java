package org.tracerelay.crypto;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Seals, opens and MACs throwaway data for a few seconds after deployment, before traffic comes.
 * AES-GCM and HMAC-SHA256 are fast only once C2 has compiled their callers with the CPU's
 * carry-less-multiply and SHA instructions; until then the JDK runs their Java fallbacks. On two
 * cores under load C2 reached them only after minutes: at 100-130 s of REST load the Java GHASH
 * and SHA-256 rounds were still 17 % of the server's samples (README "Performance"). A tight loop
 * on an idle server gets them compiled in seconds.
 */
@Singleton
@Startup
public class CryptoWarmUp {

    private static final Logger LOG = Logger.getLogger(CryptoWarmUp.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    @ConfigProperty(name = "trace.crypto.warm-up-seconds", defaultValue = "5")
    double seconds;

    @PostConstruct
    void start() {
        if (seconds > 0) {
            executor.submit(() -> run((long) (seconds * 1000)));
        }
    }

    /** Rounds done in {@code millis}; each seals and opens a task-sized text and MACs a message-sized body. */
    static long run(long millis) {
        SecureRandom random = new SecureRandom();
        byte[] key = new byte[32];
        random.nextBytes(key);
        SecretBox box = new SecretBox(1, key);
        String text = "x".repeat(2048);
        byte[] body = new byte[64 * 1024];
        long rounds = 0;
        long until = System.nanoTime() + millis * 1_000_000;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            while (System.nanoTime() < until) {
                String sealed = box.seal(text, "warm-up/" + rounds);
                if (box.open(sealed, "warm-up/" + rounds).length() != text.length()) {
                    throw new IllegalStateException("a sealed text did not open to itself");
                }
                body[(int) (rounds % body.length)] ^= (byte) mac.doFinal(body)[0];
                rounds++;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
        long done = rounds;
        LOG.info(() -> "crypto warm-up: " + done + " rounds in " + millis + " ms");
        return rounds;
    }
}
