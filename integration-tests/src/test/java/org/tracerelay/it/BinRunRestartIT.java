package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The default run as a user starts it: {@code bin/run} with its private PostgreSQL, beside
 * another PostgreSQL on 5432. WildFly killed alone, then WildFly and bin/run killed together:
 * the data directory is reused, a still-running PostgreSQL is found again (never a second one),
 * and no acknowledged row is lost. Loopback is refused to apps unless the operator opens it: the
 * first two runs open it for the suite's collector, the third is the default and refuses it.
 */
class BinRunRestartIT {

    private static final Path ROOT = Path.of(System.getProperty("repository.root")).toAbsolutePath().normalize();
    private static final Path TARGET = ROOT.resolve("integration-tests/target");
    private static final Path PG_DIR = TARGET.resolve("bin-run-postgres");
    private static final Path DECOY_DIR = TARGET.resolve("decoy-postgres-5432");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Process> runs = new ArrayList<>();
    private boolean decoyStarted;

    @Test
    void theDefaultRunKeepsItsPrivatePostgresAcrossKills() throws Exception {
        deleteTree(PG_DIR);
        if (!listening(5432)) {
            privatePostgres("start", DECOY_DIR.toString(), "5432");
            decoyStarted = true;
        }
        assertTrue(listening(5432), "another PostgreSQL listens on 5432");
        long decoyPid = decoyStarted ? postmasterPid(DECOY_DIR) : -1;

        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            Process first = start("1", true);
            if ("root".equals(System.getProperty("user.name"))) {
                assertEquals("tracerelay", wildFly().get(0).info().user().orElseThrow(),
                        "bin/run started as root runs WildFly as an ordinary user");
            }
            String app = Relay.appTracingTo("binrun", collector.endpoint(), "");
            List<String> ids = post(app, 500);
            awaitDelivered(collector, ids);
            long firstPostgres = postmasterPid(PG_DIR);

            // WildFly alone killed: bin/run notices, stops its PostgreSQL cleanly and exits.
            killWildFly();
            assertTrue(first.waitFor(120, TimeUnit.SECONDS), "bin/run ends when its WildFly was killed");
            awaitGone(firstPostgres, "bin/run stops its PostgreSQL after WildFly");

            Process second = start("2", true);
            assertEquals(500, Relay.deliveries("binrun", app, "delivered").size(), "rows of the first run kept");
            long secondPostgres = postmasterPid(PG_DIR);
            ids.addAll(post(app, 500));
            awaitDelivered(collector, ids);

            // bin/run and WildFly killed together: nothing stops PostgreSQL, which keeps running.
            second.destroyForcibly().waitFor();
            killWildFly();
            assertTrue(ProcessHandle.of(secondPostgres).map(ProcessHandle::isAlive).orElse(false),
                    "PostgreSQL outlives a killed bin/run");

            Process third = start("3", false);
            assertEquals(secondPostgres, postmasterPid(PG_DIR), "the running PostgreSQL is reused");
            assertEquals(1, postmastersOf(PG_DIR), "no second PostgreSQL on the same data directory");
            assertEquals(1000, Relay.deliveries("binrun", app, "delivered").size(), "no row lost");
            post(app, 100);

            // bin/run's default: an editor cannot point an app at this machine's own ports.
            String editor = Tokens.of("binrun", "editor");
            String other = java.util.UUID.randomUUID().toString();
            Relay.expect(201, Relay.send("PUT", "apps/" + other, editor, "{\"name\":\"local\",\"mode\":\"workflow\"}"));
            Relay.Reply loopback = Relay.send("POST", "apps/" + other + "/trace-config", editor,
                    "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + collector.endpoint() + "\",\"headers\":\"\"}}");
            assertEquals(400, loopback.status(), "a loopback collector is refused by default: " + loopback.body());
            assertTrue(loopback.body().contains("loopback"), loopback.body());

            // A normal stop: WildFly first, then its PostgreSQL.
            third.destroy();
            assertTrue(third.waitFor(120, TimeUnit.SECONDS), "bin/run stops on SIGTERM");
            awaitGone(secondPostgres, "bin/run stops its PostgreSQL on SIGTERM");
            assertFalse(Files.exists(PG_DIR.resolve("cluster/postmaster.pid")), "PostgreSQL shut down cleanly");
            if (decoyStarted) {
                assertEquals(decoyPid, postmasterPid(DECOY_DIR), "the PostgreSQL on 5432 was left alone");
            }
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : runs) {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
        wildFly().forEach(ProcessHandle::destroyForcibly);
        privatePostgres("stop", PG_DIR.toString());
        if (decoyStarted) {
            privatePostgres("stop", DECOY_DIR.toString());
        }
    }

    /** bin/run as a user starts it, with the suite's JWT key and short drain intervals; loopback opened when asked. */
    private Process start(String name, boolean loopback) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("bin/run").toString(),
                "-Djboss.server.data.dir=" + TARGET.resolve("bin-run-wildfly-data"))
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(TARGET.resolve("bin-run-" + name + ".log").toFile());
        Map<String, String> env = pb.environment();
        // The suite's own database settings must not leak in: bin/run's default is under test.
        env.remove("TRACE_RELAY_DB_URL");
        env.remove("TRACE_RELAY_DB_USER");
        env.remove("TRACE_RELAY_DB_PASSWORD");
        env.put("TRACE_RELAY_PG_DATA", PG_DIR.toString());
        env.put("TRACE_RELAY_MASTER_KEY", System.getProperty("it.master.key"));
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", ROOT.resolve("integration-tests/src/test/resources/jwt/public.pem").toString());
        env.put("TRACE_QUEUE_MANAGER_INTERVAL", "1");
        env.remove("TRACE_OUTBOUND_ALLOW");
        if (loopback) {
            env.put("TRACE_OUTBOUND_ALLOW", "127.0.0.0/8");
        }
        Process p = pb.start();
        runs.add(p);
        Relay.await("bin/run " + name + " ready (see " + TARGET.resolve("bin-run-" + name + ".log") + ")", Duration.ofSeconds(240),
                () -> {
                    assertTrue(p.isAlive(), "bin/run " + name + " exited early");
                    return ready();
                });
        return p;
    }

    private static boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9990/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> post(String app, int n) {
        List<String> ids = new ArrayList<>();
        for (int sent = 0; sent < n; sent += 100) {
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("binrun", "producer"),
                    Samples.array(FaultRestartIT.batch(app, Math.min(100, n - sent), ids))));
        }
        return ids;
    }

    private static void awaitDelivered(FakeOtlpCollector collector, List<String> ids) throws Exception {
        List<String> spans = new ArrayList<>();
        for (String id : ids) {
            spans.add(FaultRestartIT.spanIdOf(id));
        }
        Relay.await(ids.size() + " tasks delivered", Duration.ofSeconds(120),
                () -> FaultRestartIT.distinctSpans(collector).containsAll(spans));
    }

    private static List<ProcessHandle> wildFly() {
        String home = ROOT.resolve("server-config/target").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("jboss-modules.jar") && c.contains(home)).orElse(false)).toList();
    }

    private static void killWildFly() {
        List<ProcessHandle> servers = wildFly();
        assertEquals(1, servers.size(), "exactly one WildFly of bin/run runs");
        servers.get(0).destroyForcibly();
        servers.get(0).onExit().join();
    }

    private static long postmasterPid(Path dir) throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("cluster/postmaster.pid")).get(0).trim());
    }

    /** Postmasters whose command line names this data directory (their children do not). */
    private static long postmastersOf(Path dir) {
        String cluster = dir.resolve("cluster").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("bin/postgres") && c.contains(cluster)).orElse(false)).count();
    }

    private static void awaitGone(long pid, String what) {
        Relay.await(what, Duration.ofSeconds(60), () -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void privatePostgres(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("dev/private-postgres.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(TARGET.resolve("private-postgres.log").toFile()));
        pb.environment().put("TRACE_RELAY_PG_BINARIES", System.getProperty("it.postgres.binaries"));
        pb.environment().put("START_FRESH", "1");
        assertEquals(0, pb.start().waitFor(), "private-postgres.sh " + String.join(" ", args));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }
}
