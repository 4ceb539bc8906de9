package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerTokensTest {

    @TempDir
    static Path dir;

    static KeyPair relayKeys;
    static KeyPair otherKeys;
    static ProducerTokens tokens;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        relayKeys = g.generateKeyPair();
        otherKeys = g.generateKeyPair();
        Path pem = dir.resolve("public.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(relayKeys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        tokens = new ProducerTokens(pem.toString(), "trace-relay", Duration.ofHours(1));
    }

    @Test
    void aValidProducerTokenNamesItsTenant() throws Exception {
        assertEquals("acme", tokens.producerOf(token(relayKeys, "trace-relay", "acme", List.of("producer"), 600)).tenant());
        assertEquals("acme", tokens.producerOf("Bearer " + token(relayKeys, "trace-relay", "acme", List.of("producer"), 600)).tenant());
    }

    @Test
    void expiryHasTheLeewayOfAMessageThatWaitedInTheBroker() throws Exception {
        assertEquals("acme", tokens.producerOf(token(relayKeys, "trace-relay", "acme", List.of("producer"), -1800)).tenant());
        assertRefused(token(relayKeys, "trace-relay", "acme", List.of("producer"), -7200), "no longer valid");
    }

    @Test
    void notBeforeHasOnlyTheOrdinaryClockSkew() throws Exception {
        assertEquals("acme", tokens.producerOf(token(relayKeys, "trace-relay", "acme", List.of("producer"), 7200, 30)).tenant());
        assertRefused(token(relayKeys, "trace-relay", "acme", List.of("producer"), 7200, 1800), "not valid yet");
    }

    @Test
    void everyOtherTokenIsRefusedWithItsReason() throws Exception {
        assertRefused(null, "no producer token");
        assertRefused(" ", "no producer token");
        assertRefused("not-a-jwt", "producer token refused");
        assertRefused(token(otherKeys, "trace-relay", "acme", List.of("producer"), 600), "Invalid JWS Signature");
        assertRefused(token(relayKeys, "someone-else", "acme", List.of("producer"), 600), "Issuer");
        assertRefused(token(relayKeys, "trace-relay", "acme", List.of("editor", "viewer"), 600), "lacks the group producer");
        assertRefused(token(relayKeys, "trace-relay", null, List.of("producer"), 600), "no tenant_id");
        assertRefused(unsigned("acme"), "producer token refused");
    }

    @Test
    void aRefusalNeverQuotesTheToken() {
        String forged = token(otherKeys, "trace-relay", "acme", List.of("producer"), 600);
        ProducerTokens.Refused r = assertThrows(ProducerTokens.Refused.class, () -> tokens.producerOf(forged));
        for (String part : forged.split("\\.")) {
            assertFalse(r.getMessage().contains(part), r.getMessage());
        }
    }

    @Test
    void withoutAKeyEveryProducerIsRefusedAndSaysWhy() {
        ProducerTokens none = new ProducerTokens(null, "trace-relay", Duration.ZERO);
        ProducerTokens.Refused r = assertThrows(ProducerTokens.Refused.class,
                () -> none.producerOf(token(relayKeys, "trace-relay", "acme", List.of("producer"), 600)));
        assertTrue(r.getMessage().contains("cannot be checked"), r.getMessage());
    }

    private static void assertRefused(String token, String reason) {
        ProducerTokens.Refused r = assertThrows(ProducerTokens.Refused.class, () -> tokens.producerOf(token));
        assertTrue(r.getMessage().contains(reason), r.getMessage());
    }

    @Test
    void aDeploymentsTokenNamesTheTenantsItMayWriteFor() throws Exception {
        Producer dify = tokens.producerOf(deploymentToken("dify-prod", List.of("acme", "globex"), null));
        assertTrue(dify.isDeployment());
        assertEquals("dify-prod", dify.deploymentId());
        assertEquals(java.util.Set.of("acme", "globex"), dify.tenants());
        assertTrue(dify.mayWriteFor("globex"));
        assertFalse(dify.mayWriteFor("initech"));
    }

    @Test
    void aDeploymentsTokenWithoutTenantsOrATenantsTokenNamingTheGroupIsRefused() {
        ProducerTokens.Refused none = assertThrows(ProducerTokens.Refused.class,
                () -> tokens.producerOf(deploymentToken("dify-prod", List.of(), null)));
        assertTrue(none.getMessage().contains("lists no tenant_ids"), none.getMessage());
        ProducerTokens.Refused tenants = assertThrows(ProducerTokens.Refused.class,
                () -> tokens.producerOf(deploymentToken("dify-prod", List.of("acme"), "acme")));
        assertTrue(tenants.getMessage().contains("cannot act as a deployment"), tenants.getMessage());
        ProducerTokens.Refused asGroup = assertThrows(ProducerTokens.Refused.class,
                () -> tokens.producerOf(token(relayKeys, "trace-relay", "acme", List.of("producer", "deployment"), 600)));
        assertTrue(asGroup.getMessage().contains("cannot act as a deployment"), asGroup.getMessage());
    }

    /** A deployment's token as bin/dev-token --deployment makes it; with a tenant_id too when {@code tenant} is given. */
    static String deploymentToken(String deploymentId, List<String> tenantIds, String tenant) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("trace-relay");
        claims.setSubject("deployment:" + deploymentId);
        claims.setClaim("deployment_id", deploymentId);
        claims.setStringListClaim("tenant_ids", tenantIds);
        if (tenant != null) {
            claims.setClaim("tenant_id", tenant);
        }
        claims.setStringListClaim("groups", List.of("deployment"));
        NumericDate exp = NumericDate.now();
        exp.addSeconds(600);
        claims.setExpirationTime(exp);
        return signed(relayKeys, claims);
    }

    static String token(KeyPair keys, String issuer, String tenant, List<String> groups, long expiresInSeconds) {
        return token(keys, issuer, tenant, groups, expiresInSeconds, null);
    }

    static String token(KeyPair keys, String issuer, String tenant, List<String> groups, long expiresInSeconds,
                        Integer validInSeconds) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject("worker");
            if (tenant != null) {
                claims.setClaim("tenant_id", tenant);
            }
            claims.setStringListClaim("groups", groups);
            NumericDate exp = NumericDate.now();
            exp.addSeconds(expiresInSeconds);
            claims.setExpirationTime(exp);
            if (validInSeconds != null) {
                NumericDate nbf = NumericDate.now();
                nbf.addSeconds(validInSeconds);
                claims.setNotBefore(nbf);
            }
            return signed(keys, claims);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signed(KeyPair keys, JwtClaims claims) {
        try {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(keys.getPrivate());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            return jws.getCompactSerialization();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String tenant) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + b64.encodeToString(("{\"iss\":\"trace-relay\",\"tenant_id\":\"" + tenant
                + "\",\"groups\":[\"producer\"],\"exp\":4102444800}").getBytes()) + ".";
    }
}
