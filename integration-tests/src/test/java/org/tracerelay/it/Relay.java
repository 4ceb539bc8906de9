package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** The HTTP face of a running Trace Relay, as an operator or a producer sees it. */
final class Relay {

    static final String BASE = "http://localhost:8080/api/v1/";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** {@code paced}: the Trace-Relay-Paced-Ms header, null when intake did not slow the answer. */
    record Reply(int status, String body, String contentType, String retryAfter, String paced) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    private Relay() {
    }

    static Reply send(String method, String path, String token, String body, String... headers) {
        return sendTo(BASE, method, path, token, body, headers);
    }

    /** To the relay at {@code base} (another node of a cluster). */
    static Reply sendTo(String base, String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(null), r.headers().firstValue("Trace-Relay-Paced-Ms").orElse(null));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    /** A fresh app of {@code tenant} sending to an OTLP collector; returns its id. */
    static String appTracingTo(String tenant, String endpoint, String headers) {
        return appTracingTo(BASE, tenant, endpoint, headers);
    }

    /** The same, registered through the relay at {@code base} (a node of a cluster). */
    static String appTracingTo(String base, String tenant, String endpoint, String headers) {
        String editor = Tokens.of(tenant, "editor");
        String appId = UUID.randomUUID().toString();
        expect(201, sendTo(base, "PUT", "apps/" + appId, editor, "{\"name\":\"it app\",\"mode\":\"workflow\"}"));
        expect(201, sendTo(base, "POST", "apps/" + appId + "/trace-config", editor,
                Json.createObjectBuilder().add("tracing_provider", "otlp").add("tracing_config",
                        Json.createObjectBuilder().add("endpoint", endpoint).add("headers", headers)).build().toString()));
        expect(200, sendTo(base, "POST", "apps/" + appId + "/trace", editor, "{\"enabled\":true,\"tracing_provider\":\"otlp\"}"));
        return appId;
    }

    static List<JsonObject> deliveries(String tenant, String appId, String status) {
        Reply r = send("GET", "apps/" + appId + "/deliveries?limit=1000" + (status == null ? "" : "&status=" + status),
                Tokens.of(tenant, "viewer"), null);
        expect(200, r);
        return r.json().getJsonArray("deliveries").getValuesAs(JsonValue::asJsonObject);
    }

    static Reply expect(int status, Reply reply) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply.status() + ": " + reply.body());
        }
        return reply;
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
