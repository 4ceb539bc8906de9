package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * The suite's OpenID Connect provider: the Keycloak the build starts (dev/keycloak.sh) with the realm
 * of src/test/resources/keycloak. Its users: alice (tenant oidc-acme, editor and viewer), bob
 * (oidc-globex, editor and viewer), carol (oidc-acme, producer only), olga (operator).
 */
final class Keycloak {

    static final String URL = System.getProperty("it.keycloak.url", "http://127.0.0.1:18180");
    static final String REALM = URL + "/realms/trace-relay";

    private Keycloak() {
    }

    static String password(String user) {
        return user + "-it-password";
    }

    /**
     * An access token of the realm's client whose tokens live one second (password grant, which the
     * console's own client does not allow): for the expired-token case.
     */
    static String shortLivedToken(String user) throws Exception {
        String form = "grant_type=password&client_id=it-short-lived&scope=openid&username=" + user
                + "&password=" + URLEncoder.encode(password(user), StandardCharsets.UTF_8);
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != 200) {
            throw new AssertionError("Keycloak's token endpoint: " + reply.statusCode() + " " + reply.body());
        }
        JsonObject json = Json.createReader(new StringReader(reply.body())).readObject();
        return json.getString("access_token");
    }
}
