package org.tracerelay.export.databricks;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.HttpOutcomes;
import org.tracerelay.json.Jsonp;
import org.tracerelay.support.LruMaps;

/**
 * OAuth M2M access tokens of Databricks service principals: {@code POST {host}/oidc/v1/token}
 * with the client id and secret as Basic auth, {@code grant_type=client_credentials} and scope
 * {@code all-apis}. A token is reused until a minute before it expires. The cache key is a digest
 * of destination, host, client id and secret, so a token never serves another destination, a
 * changed host or a rotated secret; tokens and secrets are never logged.
 */
@ApplicationScoped
public class DatabricksTokens {

    static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(60);
    static final int MAX_CACHED = 1000;

    private record Token(String value, Instant refreshAt) {
    }

    /** The token endpoint did not hand out a token; the outcome says what the delivery does next. */
    public static final class Refused extends Exception {
        private final transient ExportOutcome outcome;

        Refused(ExportOutcome outcome) {
            super(outcome.code(), null, false, false);
            this.outcome = outcome;
        }

        ExportOutcome outcome() {
            return outcome;
        }
    }

    private final Map<String, Token> cache = LruMaps.synchronizedLru(MAX_CACHED);

    @Inject
    ExportHttp http;

    Clock clock = Clock.systemUTC();

    public DatabricksTokens() {
    }

    /** Wired by hand (unit tests): the shared HTTP client and the clock that decides expiry. */
    DatabricksTokens(ExportHttp http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /**
     * A bearer token for the destination's service principal: the cached one while it is fresh.
     * Public like {@link #forget}: the exporter calls them through CDI's client proxy.
     */
    public String bearer(Destination d, String host, Duration timeout) throws IOException, Refused {
        String key = key(d, host);
        Token cached = cache.get(key);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.refreshAt())) {
            return cached.value();
        }
        Token fresh = fetch(d, host, timeout, now);
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Drops the destination's token, e.g. after Databricks refused it (revoked or rotated). */
    public void forget(Destination d, String host) {
        cache.remove(key(d, host));
    }

    private Token fetch(Destination d, String host, Duration timeout, Instant now) throws IOException, Refused {
        String basic = Base64.getEncoder().encodeToString((clientId(d) + ":" + secret(d)).getBytes(StandardCharsets.UTF_8));
        byte[] form = "grant_type=client_credentials&scope=all-apis".getBytes(StandardCharsets.UTF_8);
        ExportHttp.Reply reply = http.post(URI.create(host + "/oidc/v1/token"), Map.of("Authorization", "Basic " + basic),
                "application/x-www-form-urlencoded", form, timeout, ExportHttp.Origin.ADMIN);
        if (reply.status() == 400 || reply.status() == 401) {
            // invalid_client / invalid_grant: the config's credentials, not this item; as a 401 so no batch is split over it
            throw new Refused(ExportOutcome.dead("http_401", "the Databricks token endpoint refused the client credentials ("
                    + reply.status() + ")"));
        }
        if (!reply.ok()) {
            throw new Refused(HttpOutcomes.vendor(reply.status(), reply.retryAfter()));
        }
        try (JsonReader r = Jsonp.createReader(new ByteArrayInputStream(reply.wholeBody().orElse(new byte[0])))) {
            JsonObject o = r.readObject();
            if (!(o.get("access_token") instanceof JsonString token) || token.getString().isBlank()) {
                throw new JsonException("no access_token");
            }
            long lifetime = o.get("expires_in") instanceof JsonNumber n ? n.longValue()
                    : o.get("expires_in") instanceof JsonString s ? Long.parseLong(s.getString()) : 0;
            Duration margin = lifetime > 2 * REFRESH_BEFORE_EXPIRY.toSeconds() ? REFRESH_BEFORE_EXPIRY : Duration.ofSeconds(lifetime / 2);
            return new Token(token.getString(), now.plusSeconds(Math.max(0, lifetime)).minus(margin));
        } catch (JsonException | IllegalStateException | ClassCastException | NumberFormatException unreadable) {
            throw new Refused(ExportOutcome.retry("token_unreadable", "the Databricks token endpoint answered no token", null));
        }
    }

    static String clientId(Destination d) {
        String id = d.setting("client_id");
        return id == null ? "" : id.trim();
    }

    private static String secret(Destination d) {
        String s = d.setting("client_secret");
        return s == null ? "" : s;
    }

    /** A digest, so the map holds no secret, and every part that may change in a config is in it. */
    private static String key(Destination d, String host) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {d.key(), host, clientId(d), secret(d)}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
