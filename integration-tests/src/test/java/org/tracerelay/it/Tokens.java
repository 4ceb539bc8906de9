package org.tracerelay.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Collectors;

/** Signs test JWTs with the key whose public half the test server trusts. */
final class Tokens {

    /** The key id under which the suite's key set (dev/keycloak.sh trusted-keys) holds this key. */
    static final String KID = "trace-relay-dev";
    private static final PrivateKey KEY = load();

    private Tokens() {
    }

    static String of(String tenant, String... groups) {
        return signed("\"upn\":\"it@" + tenant + "\",\"tenant_id\":\"" + tenant + "\",\"groups\":[" + list(groups) + "]");
    }

    /** A deployment's token, as {@code bin/dev-token --deployment} makes it. */
    static String deployment(String deploymentId, String... tenants) {
        return signed("\"upn\":\"deployment@" + deploymentId + "\",\"deployment_id\":\"" + deploymentId + "\",\"tenant_ids\":["
                + list(tenants) + "],\"groups\":[\"deployment\"]");
    }

    /** A tenant's token that also claims to be a deployment of other tenants. */
    static String tenantPosingAsDeployment(String tenant, String... tenants) {
        return signed("\"upn\":\"it@" + tenant + "\",\"tenant_id\":\"" + tenant + "\",\"deployment_id\":\"posing\",\"tenant_ids\":["
                + list(tenants) + "],\"groups\":[\"deployment\",\"producer\",\"editor\",\"viewer\"]");
    }

    private static String list(String... values) {
        return Arrays.stream(values).map(g -> "\"" + g + "\"").collect(Collectors.joining(","));
    }

    /** Signed claims: the issuer, subject and times of every test token, then {@code claims}. */
    private static String signed(String claims) {
        long now = System.currentTimeMillis() / 1000;
        String payload = "{\"iss\":\"trace-relay\",\"sub\":\"it\"," + claims + ",\"iat\":" + now + ",\"exp\":" + (now + 3600)
                + ",\"jti\":\"" + UUID.randomUUID() + "\"}";
        // The kid picks this key out of the suite's key set, which also holds the OpenID Connect provider's.
        String input = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}") + "." + b64(payload);
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(KEY);
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static PrivateKey load() {
        try (InputStream in = Tokens.class.getResourceAsStream("/jwt/private.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test signing key", e);
        }
    }
}
