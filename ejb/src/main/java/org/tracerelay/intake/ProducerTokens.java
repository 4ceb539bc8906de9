package org.tracerelay.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.RsaKeyUtil;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

/**
 * The producer of an external JMS message: its bearer token (the JWT REST takes, group
 * {@code producer}) in the message property {@value #PROPERTY}, checked against the same key and
 * issuer as REST's ({@code mp.jwt.verify.*}). A broker login says only "may send"; the token says
 * for whom, and the body cannot say otherwise.
 * <p>
 * Expiry is checked when the message is consumed, which can be long after it was sent (a backlog,
 * a restart), so tokens get {@code trace.jms.token-leeway} of grace after {@code exp}. A token's
 * {@code nbf} gets only the clock skew REST allows: a message consumed late says nothing about a
 * token that was not valid yet when it was sent.
 */
@ApplicationScoped
public class ProducerTokens {

    public static final String PROPERTY = "trace_relay_token";
    static final String GROUP = "producer";
    /** SmallRye JWT's default for REST's tokens ({@code mp.jwt.verify.clock.skew}). */
    static final Duration NOT_BEFORE_SKEW = Duration.ofSeconds(60);

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.publickey.location")
    Optional<String> keyLocation;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "trace.jms.token-leeway", defaultValue = "PT24H")
    Duration leeway;

    private JwtConsumer consumer;
    private String unusable;

    public ProducerTokens() {
    }

    /** Outside a container (domain tests). */
    ProducerTokens(String keyLocation, String issuer, Duration leeway) {
        this.keyLocation = Optional.ofNullable(keyLocation);
        this.issuer = Optional.ofNullable(issuer);
        this.leeway = leeway;
        init();
    }

    /** Why a message's token does not name a tenant. */
    public static final class Refused extends Exception {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    @PostConstruct
    void init() {
        try {
            JwtConsumerBuilder b = new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setAllowedClockSkewInSeconds((int) Math.min(Integer.MAX_VALUE, leeway.toSeconds()))
                    .setSkipDefaultAudienceValidation()
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                            AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256);
            issuer.filter(i -> !i.isBlank()).ifPresent(b::setExpectedIssuer);
            keyFrom(b, keyLocation.filter(l -> !l.isBlank())
                    .orElseThrow(() -> new IOException("mp.jwt.verify.publickey.location is not set")));
            consumer = b.build();
        } catch (IOException | JoseException | java.security.GeneralSecurityException e) {
            // Intake of REST still works; external JMS messages are refused with this reason.
            unusable = "producer tokens cannot be checked: " + e.getMessage();
        }
    }

    /** A PEM public key or a JWK set, from a file or an https JWKS URL, as MicroProfile JWT reads it. */
    private static void keyFrom(JwtConsumerBuilder b, String location) throws IOException, JoseException,
            java.security.GeneralSecurityException {
        if (location.startsWith("https://")) {
            b.setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(location)));
            return;
        }
        String text = Files.readString(Path.of(location.startsWith("file:") ? java.net.URI.create(location).getPath() : location),
                StandardCharsets.UTF_8).trim();
        if (text.startsWith("{")) {
            b.setVerificationKeyResolver(new JwksVerificationKeyResolver(new JsonWebKeySet(text).getJsonWebKeys()));
        } else {
            b.setVerificationKey(new RsaKeyUtil().fromPemEncoded(text));
        }
    }

    /**
     * The producer a valid token names: a tenant's (group {@value #GROUP}) or a deployment's
     * ({@link Producer#DEPLOYMENT_GROUP}, read by {@link Producer#of}); otherwise why not.
     */
    public Producer producerOf(String token) throws Refused {
        if (unusable != null) {
            throw new Refused(unusable);
        }
        if (token == null || token.isBlank()) {
            throw new Refused("no producer token: put the producer's bearer JWT in the message property " + PROPERTY);
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token.startsWith("Bearer ") ? token.substring(7) : token);
        } catch (InvalidJwtException e) {
            throw new Refused("producer token refused: " + withoutToken(firstReason(e), token));
        }
        try {
            // The consumer's skew is the exp grace; nbf is held to the ordinary one here.
            NumericDate notBefore = claims.getNotBefore();
            if (notBefore != null && notBefore.getValue() > Instant.now().plus(NOT_BEFORE_SKEW).getEpochSecond()) {
                throw new Refused("producer token is not valid yet (nbf)");
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            if (!groups.contains(GROUP) && !groups.contains(Producer.DEPLOYMENT_GROUP)) {
                throw new Refused("producer token lacks the group " + GROUP);
            }
            return Producer.of(new Producer.Claims(Set.copyOf(groups), claims.getClaimValueAsString("tenant_id"),
                    claims.getClaimValueAsString("deployment_id"),
                    claims.hasClaim("tenant_ids") ? claims.getStringListClaimValue("tenant_ids") : List.of()));
        } catch (MalformedClaimException e) {
            throw new Refused("producer token has a malformed claim: " + e.getMessage());
        } catch (Producer.Refused e) {
            throw new Refused(e.getMessage());
        }
    }

    /** The reason is stored and shown to operators: never with the token's text in it. */
    static String withoutToken(String reason, String token) {
        int quoted = reason.indexOf("->");
        String out = quoted < 0 ? reason : reason.substring(0, quoted);
        for (String part : token.split("\\.")) {
            if (part.length() >= 8) {
                out = out.replace(part, "...");
            }
        }
        return out.length() > 300 ? out.substring(0, 300) : out;
    }

    /** jose4j lists every failed check; the first says enough and holds no token text. */
    private static String firstReason(InvalidJwtException e) {
        if (e.getErrorDetails() != null && !e.getErrorDetails().isEmpty()) {
            return e.getErrorDetails().get(0).getErrorMessage();
        }
        return "invalid";
    }
}
