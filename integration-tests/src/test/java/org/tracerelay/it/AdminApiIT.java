package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API's role matrix, tenant isolation, secrecy and Dify's console semantics. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AdminApiIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    private record Route(String method, String path, String body, int ownEditor) {
        boolean reads() {
            return method.equals("GET");
        }
    }

    /** Every admin route, with what an editor of the owning tenant gets, in an order that keeps state valid. */
    private static List<Route> routes(String app, String endpoint) {
        String config = "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint + "\"}}";
        return List.of(
                new Route("GET", "apps/" + app, null, 200),
                new Route("PUT", "apps/" + app, "{\"name\":\"renamed\"}", 200),
                new Route("GET", "apps/" + app + "/trace", null, 200),
                new Route("POST", "apps/" + app + "/trace", "{\"enabled\":true,\"tracing_provider\":\"otlp\"}", 200),
                new Route("GET", "apps/" + app + "/trace-config?tracing_provider=otlp", null, 200),
                new Route("PATCH", "apps/" + app + "/trace-config", config, 200),
                new Route("GET", "apps/" + app + "/trace-configs?include_config=true", null, 200),
                new Route("GET", "apps/" + app + "/deliveries?status=dead", null, 200),
                new Route("DELETE", "apps/" + app + "/trace-config?tracing_provider=otlp", null, 204),
                new Route("POST", "apps/" + app + "/trace-config", config, 201),
                new Route("DELETE", "apps/" + app, null, 204));
    }

    @Test
    void roleMatrixAcrossRolesAndTenants() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            List<String> mismatches = new ArrayList<>();
            for (Route r : routes(app, collector.endpoint())) {
                for (String role : List.of("", "producer", "viewer", "editor")) {
                    for (String tenant : List.of("globex", "acme")) {
                        int expected;
                        if (role.isEmpty()) {
                            expected = 401;
                        } else if (role.equals("producer") || (role.equals("viewer") && !r.reads())) {
                            expected = 403;
                        } else if (tenant.equals("globex")) {
                            expected = r.method().equals("PUT") ? 409 : 404;
                        } else if (role.equals("viewer")) {
                            expected = 200;
                        } else {
                            expected = r.ownEditor();
                        }
                        String token = role.isEmpty() ? null : Tokens.of(tenant, role);
                        int actual = Relay.send(r.method(), r.path(), token, r.body()).status();
                        if (actual != expected) {
                            mismatches.add(r.method() + " " + r.path() + " as " + (role.isEmpty() ? "anonymous" : tenant + "/" + role)
                                    + ": expected " + expected + ", got " + actual);
                        }
                    }
                }
            }
            assertEquals(List.of(), mismatches);
            String task = Samples.moderation(UUID.randomUUID().toString(), "q").toString();
            assertEquals(403, Relay.send("POST", "trace-tasks", Tokens.of("acme", "viewer"), task).status());
            assertEquals(403, Relay.send("POST", "trace-tasks", Tokens.of("acme", "editor"), task).status());
            assertEquals(403, Relay.send("POST", "tenant-key/rotate", Tokens.of("acme", "producer"), null).status());
        }
    }

    @Test
    void noSecretReachesTheServerLogDuringAFullCycle() throws Exception {
        Path log = Path.of(System.getProperty("jboss.home"), "standalone", "log", "server.log");
        long before = Files.size(log);
        String secret = "sk-never-log-" + UUID.randomUUID();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String editor = Tokens.of("acme", "editor");
            String app = Relay.appTracingTo("acme", collector.endpoint(), "authorization=Bearer " + secret);
            Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-config?tracing_provider=otlp", editor, null));
            Relay.expect(200, Relay.send("PATCH", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + collector.endpoint()
                            + "\",\"headers\":\"authorization=Bearer " + secret + "-2\"}}"));
            Relay.expect(400, Relay.send("PATCH", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"http://127.0.0.1:1\",\"headers\":\"authorization=Bearer "
                            + secret + "-3\"}}"));
            collector.answer(r -> new FakeOtlpCollector.Answer(401, null));
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.moderation(app, "q").toString()));
            Relay.await("the refused delivery", java.time.Duration.ofSeconds(30), () -> Relay.deliveries("acme", app, "dead").size() == 1);
            Relay.expect(204, Relay.send("DELETE", "apps/" + app + "/trace-config?tracing_provider=otlp", editor, null));
        }
        String written = Marker.serverLogSince(log, before);
        assertFalse(written.contains("sk-never-log"), "a secret was logged");
        assertFalse(written.contains("never-log"), "a part of a secret was logged");
    }

    /** The console builds its provider forms from these schemas: every provider the registry discovered has one. */
    @Test
    void theOpenApiDocumentHasEveryProvidersConfigSchema() {
        Relay.Reply reply = Relay.expect(200, Relay.sendTo("http://localhost:8080/", "GET", "openapi?format=JSON", null, null,
                "Accept", "application/json"));
        JsonObject schemas = reply.json().getJsonObject("components").getJsonObject("schemas");
        for (String provider : List.of("aliyun", "arize", "databricks", "datadog", "langfuse", "langsmith", "mlflow", "opik",
                "otlp", "phoenix", "tencent", "weave")) {
            assertTrue(schemas.containsKey("TracingConfig_" + provider), provider);
        }
        assertTrue(schemas.getJsonObject("TracingConfig_otlp").getJsonArray("required").toString().contains("endpoint"));
    }

    @Test
    void concurrentCreatesGiveOneSuccessAndOneConflict() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String editor = Tokens.of("acme", "editor");
            String app = UUID.randomUUID().toString();
            Relay.expect(201, Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"race\"}"));
            String body = "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + collector.endpoint() + "\"}}";
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Callable<Integer> create = () -> Relay.send("POST", "apps/" + app + "/trace-config", editor, body).status();
                    results.add(pool.submit(create));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : results) {
                    statuses.add(f.get());
                }
                assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
                assertEquals(3, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void oneTenantsConcurrentRegistrationsOfAnIdAllSucceed() throws Exception {
        // A Dify worker's processes register an app on its first tasks together: one creates, the others describe it.
        String app = UUID.randomUUID().toString();
        String editor = Tokens.of("acme", "editor");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"together\"}").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> a : answers) {
                statuses.add(a.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsAndTheTracingSwitchFollowDifysRules() throws Exception {
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String editor = Tokens.of("acme", "editor");
            String app = UUID.randomUUID().toString();
            Relay.expect(201, Relay.send("PUT", "apps/" + app, editor, "{\"name\":\"lists\"}"));
            JsonObject empty = Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-configs", editor, null)).json();
            assertEquals(0, empty.getJsonArray("configured_providers").size());
            assertTrue(empty.isNull("configs"));

            JsonObject unknown = Relay.expect(400, Relay.send("POST", "apps/" + app + "/trace", editor,
                    "{\"enabled\":true,\"tracing_provider\":\"nosuch\"}")).json();
            assertEquals("unsupported_tracing_provider", unknown.getString("code"));
            Relay.expect(400, Relay.send("POST", "apps/" + app + "/trace", editor, "{\"enabled\":true}"));
            JsonObject unconfigured = Relay.expect(200, Relay.send("POST", "apps/" + app + "/trace", editor,
                    "{\"enabled\":true,\"tracing_provider\":\"langfuse\"}")).json();
            assertFalse(unconfigured.getBoolean("configured"), "enabling a provider without a config is allowed but reported");

            for (String internal : List.of("http://169.254.169.254/latest", "http://10.0.0.1:4318", "http://2130706433/",
                    "http://user@127.0.0.1:4318", "http://[::ffff:10.0.0.1]/")) {
                JsonObject refused = Relay.expect(400, Relay.send("POST", "apps/" + app + "/trace-config", editor,
                        "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + internal + "\"}}")).json();
                assertEquals("invalid_tracing_config", refused.getString("code"), internal);
                assertEquals("tracing_config.endpoint", refused.getJsonArray("errors").getJsonObject(0).getString("path"));
            }
            Relay.expect(201, Relay.send("POST", "apps/" + app + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + collector.endpoint() + "\"}}"));
            JsonObject listed = Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-configs", editor, null)).json();
            assertEquals("otlp", listed.getJsonArray("configured_providers").getString(0));
            JsonObject withConfig = Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-configs?include_config=true",
                    editor, null)).json();
            assertEquals(collector.endpoint(), withConfig.getJsonArray("configs").getJsonObject(0)
                    .getJsonObject("tracing_config").getString("project_url"));
            assertTrue(Relay.expect(200, Relay.send("GET", "apps/" + app + "/trace-config?tracing_provider=langfuse", editor, null))
                    .json().getBoolean("has_not_configured"));
        }
    }

    @Test
    void anotherTenantsAppIdAndALostRaceGetTheSameNotAvailable() throws Exception {
        String taken = UUID.randomUUID().toString();
        Relay.expect(201, Relay.send("PUT", "apps/" + taken, Tokens.of("globex", "editor"), "{\"name\":\"theirs\"}"));
        Relay.Reply foreign = Relay.send("PUT", "apps/" + taken, Tokens.of("acme", "editor"), "{\"name\":\"squat\"}");
        assertEquals(409, foreign.status());
        assertEquals("app_id_not_available", foreign.json().getString("code"));
        assertEquals("theirs", Relay.expect(200, Relay.send("GET", "apps/" + taken, Tokens.of("globex", "viewer"), null))
                .json().getString("name"), "the owner's app is untouched");

        // Many tenants race for one free id: one 201, every other answer the same 409 (none a 500).
        String free = UUID.randomUUID().toString();
        List<String> tenants = List.of("acme", "globex", "initech", "umbrella", "hooli", "stark");
        ExecutorService pool = Executors.newFixedThreadPool(tenants.size());
        try {
            var start = new java.util.concurrent.CountDownLatch(1);
            List<Future<Relay.Reply>> answers = new ArrayList<>();
            for (String t : tenants) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return Relay.send("PUT", "apps/" + free, Tokens.of(t, "editor"), "{\"name\":\"race\"}");
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (var a : answers) {
                Relay.Reply r = a.get();
                statuses.add(r.status());
                if (r.status() == 409) {
                    assertEquals(foreign.json(), r.json(), "a lost race and another tenant's id answer alike");
                }
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(tenants.size() - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }
}
