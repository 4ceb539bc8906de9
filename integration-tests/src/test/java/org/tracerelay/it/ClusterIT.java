package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes on one standalone Artemis broker and one PostgreSQL, started with {@code bin/cluster}
 * as an operator would (docs/cluster.md): work posted to both is delivered once, either
 * node answers for it, a config changed on one is used by the other, and neither a SIGKILL of a
 * node nor a broker restart under load loses an acknowledged task. The enterprise counters are
 * checked against the tasks delivered, whichever node claimed them. Last, the nodes on a replicated
 * pair of brokers: the primary's SIGKILL under load is taken over by the backup, and handed back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final List<String> NODES = List.of("http://127.0.0.1:8080/api/v1/", "http://127.0.0.1:8180/api/v1/");
    private static final Duration DELIVERY = Duration.ofMinutes(3);
    /** bin/cluster's broker port; the backup of the pair listens on the next one. */
    private static final int BROKER_PORT = 61616;

    private static final Path ROOT = Path.of(System.getProperty("repository.root", ".."));
    private static final Path CLUSTER = Path.of(System.getProperty("it.target.dir", "target"), "cluster");

    private static FakeOtlpCollector collector;
    private static FakeEnterpriseCollector enterprise;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        collector = new FakeOtlpCollector();
        enterprise = new FakeEnterpriseCollector();
        cluster("start", "2");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        try {
            cluster("stop");
        } finally {
            collector.close();
            enterprise.close();
        }
    }

    @Test
    @Order(1)
    void tenThousandTasksPostedToBothNodesAreEachDeliveredOnce() throws Exception {
        String tenant = "cluster-" + UUID.randomUUID();
        String app = Relay.appTracingTo(NODES.get(0), tenant, collector.endpoint(), "");
        Set<String> sent = new HashSet<>();
        for (int request = 0; request < 100; request++) {
            Batch batch = Batch.of(app, 100);
            Relay.expect(202, Relay.sendTo(NODES.get(request % 2), "POST", "trace-tasks", Tokens.of(tenant, "producer"), batch.body()));
            sent.addAll(batch.traceIds());
        }
        Relay.await("10,000 tasks delivered", DELIVERY, () -> spansOf(sent).size() >= sent.size());
        Marker.after(tenant, app, collector);
        Map<String, Integer> copies = copies(spansOf(sent));
        assertEquals(sent, copies.keySet(), "every task delivered");
        assertEquals(10_000, spansOf(sent).size(), () -> "each exactly once; repeated: " + repeated(copies(spansOf(sent))));

        // Both nodes read the same ledger: each task delivered once to the app's collector and once to
        // the enterprise one, 20,000 rows (and the marker's two), page by page the same from either node.
        List<String> fromNode1 = deliveredTaskIds(NODES.get(0), tenant, app);
        assertEquals(fromNode1, deliveredTaskIds(NODES.get(1), tenant, app));
        assertEquals(10_001, fromNode1.stream().filter(d -> d.endsWith("|otlp|1")).count());
        assertEquals(10_001, fromNode1.stream().filter(d -> d.endsWith("|enterprise|1")).count());
        Relay.await("the enterprise counter at 10,000 and the marker", DELIVERY, () -> moderationRequests(tenant) == 10_001);
    }

    @Test
    @Order(2)
    void aConfigChangedOnOneNodeIsUsedByTheOther() throws Exception {
        String tenant = "cluster-config-" + UUID.randomUUID();
        String app = Relay.appTracingTo(NODES.get(0), tenant, collector.endpoint(), "");
        try (FakeOtlpCollector moved = new FakeOtlpCollector()) {
            Relay.expect(200, Relay.sendTo(NODES.get(1), "PATCH", "apps/" + app + "/trace-config", Tokens.of(tenant, "editor"),
                    Json.createObjectBuilder().add("tracing_provider", "otlp").add("tracing_config", Json.createObjectBuilder()
                            .add("endpoint", moved.endpoint()).add("headers", "")).build().toString()));
            Batch batch = Batch.of(app, 20);
            Relay.expect(202, Relay.sendTo(NODES.get(0), "POST", "trace-tasks", Tokens.of(tenant, "producer"), batch.body()));
            // Node 1 reads the config's version with every batch: the change counts from the next batch on.
            Relay.await("20 at the new endpoint", DELIVERY, () -> traceIds(moved.acceptedSpans()).containsAll(batch.traceIds()));
            assertTrue(spansOf(new HashSet<>(batch.traceIds())).isEmpty(), "nothing went to the old endpoint");
        }
    }

    @Test
    @Order(3)
    void aNodeKilledUnderLoadLosesNothingAndRejoins() throws Exception {
        String tenant = "cluster-kill-" + UUID.randomUUID();
        String app = Relay.appTracingTo(NODES.get(0), tenant, collector.endpoint(), "");
        try (Load load = Load.start(app, tenant)) {
            TimeUnit.SECONDS.sleep(8);
            cluster("kill", "2");
            TimeUnit.SECONDS.sleep(8);
            cluster("restart", "2");
            int before = load.acknowledgedBy(1);
            Relay.await("node 2 accepting again", Duration.ofMinutes(1), () -> load.acknowledgedBy(1) > before);
            load.stop();
            report("kill", load, app);
        }
    }

    @Test
    @Order(4)
    void aBrokerRestartedUnderLoadLosesNothing() throws Exception {
        String tenant = "cluster-broker-" + UUID.randomUUID();
        String app = Relay.appTracingTo(NODES.get(0), tenant, collector.endpoint(), "");
        try (Load load = Load.start(app, tenant)) {
            TimeUnit.SECONDS.sleep(8);
            cluster("stop-broker");
            TimeUnit.SECONDS.sleep(5);
            cluster("start-broker");
            int before = load.acknowledged().size();
            Relay.await("intake after the broker restart", Duration.ofMinutes(2), () -> load.acknowledged().size() > before + 500);
            load.stop();
            report("broker restart", load, app);
        }
    }

    /**
     * The same two nodes on a replicated pair of brokers ({@code bin/cluster start 2 --ha}): the
     * primary killed with SIGKILL under load, intake goes on through the backup before the primary
     * is started again; started, the primary takes its place back (fail-back: it listens again and
     * the backup, a backup once more, does not) and intake goes on through it.
     */
    @Test
    @Order(5)
    void theBackupBrokerTakesOverFromAKilledPrimaryAndHandsBack() throws Exception {
        cluster("stop");
        cluster("start", "2", "--ha");
        String tenant = "cluster-pair-" + UUID.randomUUID();
        String app = Relay.appTracingTo(NODES.get(0), tenant, collector.endpoint(), "");
        try (Load load = Load.start(app, tenant)) {
            TimeUnit.SECONDS.sleep(8);
            cluster("kill-broker");
            long killed = System.nanoTime();
            int before = load.acknowledged().size();
            Relay.await("intake through the backup", Duration.ofMinutes(1), () -> load.acknowledged().size() > before + 500);
            System.out.printf("cluster broker pair: intake through the backup %d ms after the primary's SIGKILL; slowest request so far %d ms,"
                    + " %d not acknowledged%n", (System.nanoTime() - killed) / 1_000_000, load.slowestMillis(), load.unanswered());
            cluster("start-broker");
            Relay.await("the primary active again and the backup passive", Duration.ofMinutes(1),
                    () -> listening(BROKER_PORT) && !listening(BROKER_PORT + 1));
            int back = load.acknowledged().size();
            Relay.await("intake after the fail-back", Duration.ofMinutes(1), () -> load.acknowledged().size() > back + 500);
            load.stop();
            report("broker pair failover and fail-back", load, app);
            // The broker's failover touches no export: each task reaches the collector once.
            assertEquals(List.of(), repeated(copies(spansOf(load.sent()))), "delivered twice");
        }
    }

    private static boolean listening(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * Lost: the acknowledged tasks the collector never received, counted once the app has settled
     * (a marker delivered, nothing pending). The relay's own ledger must agree: it lists delivered
     * exactly the tasks the collector received, and none dead. The enterprise count equals the
     * distinct tasks delivered (and the marker).
     */
    private static void report(String fault, Load load, String app) {
        Set<String> acknowledged = load.acknowledged();
        within(DELIVERY, () -> copies(spansOf(acknowledged)).keySet().containsAll(acknowledged));
        Marker.after(load.tenant, app, collector);
        Set<String> everySent = load.sent();
        Map<String, Integer> copies = copies(spansOf(everySent));
        Set<String> lost = new HashSet<>(acknowledged);
        lost.removeAll(copies.keySet());
        int duplicates = copies.values().stream().mapToInt(c -> c - 1).sum();
        long stored = deliveredTaskIds(NODES.get(0), load.tenant, app).stream().filter(d -> d.contains("|otlp|")).count() - 1;
        int dead = Relay.deliveries(load.tenant, app, "dead").size();
        within(DELIVERY, () -> moderationRequests(load.tenant) == copies.size() + 1);
        System.out.printf("cluster %s: sent %d, acknowledged %d (node 1 %d, node 2 %d), requests not acknowledged %d, slowest request %d ms,"
                        + " delivered %d distinct, duplicates %d, lost %d, not acknowledged and not stored %d, stored and delivered %d, dead %d,"
                        + " counted %d%n", fault, everySent.size(), acknowledged.size(), load.acknowledgedBy(0), load.acknowledgedBy(1),
                load.unanswered(), load.slowestMillis(), copies.size(), duplicates, lost.size(),
                everySent.size() - stored, stored, dead, moderationRequests(load.tenant) - 1);
        assertEquals(Set.of(), lost, "acknowledged but never delivered");
        assertEquals(copies.size(), stored, "the relay's ledger lists delivered what the collector received, each once");
        assertEquals(0, dead, "nothing dead");
        assertEquals(copies.size() + 1, moderationRequests(load.tenant), "the enterprise counter: each delivered task once");
    }

    /** Whether the condition came true within the timeout (the caller asserts on what it finds then). */
    private static boolean within(Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    // --- the cluster, its apps and what the collectors saw ------------------------------------------

    static void cluster(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/cluster").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        // Failsafe points these at the suite's PostgreSQL; the cluster starts a private one of its own.
        env.keySet().removeIf(k -> k.startsWith("TRACE_RELAY_DB_"));
        env.put("TRACE_RELAY_CLUSTER_DIR", CLUSTER.toAbsolutePath().toString());
        env.put("TRACE_RELAY_PG_PORT", "15436");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", ROOT.resolve("integration-tests/src/test/resources/jwt/public.pem").toString());
        env.put("TRACE_QUEUE_MANAGER_INTERVAL", "1");
        // The collectors are on loopback, which bin/cluster leaves refused unless asked.
        env.put("TRACE_OUTBOUND_ALLOW", "127.0.0.0/8");
        env.put("ENTERPRISE_ENABLED", "true");
        env.put("ENTERPRISE_TELEMETRY_ENABLED", "true");
        env.put("ENTERPRISE_OTLP_PROTOCOL", "http");
        env.put("ENTERPRISE_OTLP_ENDPOINT", enterprise.httpEndpoint());
        env.put("TRACE_ENTERPRISE_METRICS_INTERVAL", "PT1S");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        int status = p.waitFor();
        System.out.print("bin/cluster " + String.join(" ", args) + ":\n" + output);
        if (status != 0) {
            throw new AssertionError("bin/cluster " + String.join(" ", args) + " exited " + status + ":\n" + output + logTails());
        }
    }

    private static String logTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        Path logs = CLUSTER.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (var files = Files.list(logs)) {
                for (Path log : files.filter(f -> f.getFileName().toString().startsWith("node-")).toList()) {
                    List<String> lines = Files.readAllLines(log);
                    tails.append("\n--- ").append(log).append('\n')
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
                }
            }
        }
        return tails.toString();
    }

    /** task_id|provider|attempts of every delivered delivery one node lists, every page. */
    private static List<String> deliveredTaskIds(String node, String tenant, String app) {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            Relay.Reply r = Relay.expect(200, Relay.sendTo(node, "GET", "apps/" + app + "/deliveries?status=delivered&limit=1000&offset="
                    + offset, Tokens.of(tenant, "viewer"), null));
            List<JsonObject> page = r.json().getJsonArray("deliveries").getValuesAs(JsonValue::asJsonObject);
            page.forEach(d -> ids.add(d.getString("task_id") + "|" + d.getString("provider") + "|" + d.getInt("attempts")));
            if (page.size() < 1000) {
                return ids.stream().sorted().toList();
            }
        }
    }

    private static List<Span> spansOf(Set<String> traceIds) {
        return collector.acceptedSpans().stream().filter(s -> traceIds.contains(FakeOtlpCollector.hex(s.getTraceId()))).toList();
    }

    private static Set<String> traceIds(List<Span> spans) {
        Set<String> ids = new HashSet<>();
        spans.forEach(s -> ids.add(FakeOtlpCollector.hex(s.getTraceId())));
        return ids;
    }

    private static Map<String, Integer> copies(List<Span> spans) {
        Map<String, Integer> copies = new HashMap<>();
        spans.forEach(s -> copies.merge(FakeOtlpCollector.hex(s.getTraceId()), 1, Integer::sum));
        return copies;
    }

    private static List<String> repeated(Map<String, Integer> copies) {
        return copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(5).toList();
    }

    /** dify.requests.total{type=moderation} of one tenant, from the newest metrics request. */
    private static long moderationRequests(String tenant) {
        Metric m = enterprise.latestMetrics().get("dify.requests.total");
        if (m == null) {
            return 0;
        }
        return m.getSum().getDataPointsList().stream()
                .filter(p -> tenant.equals(FakeEnterpriseCollector.text(p.getAttributesList(), "tenant_id")))
                .filter(p -> "moderation".equals(FakeEnterpriseCollector.text(p.getAttributesList(), "type")))
                .mapToLong(NumberDataPoint::getAsInt).sum();
    }

    /** Moderation tasks, each with its own message id, which is its trace id at the collector. */
    record Batch(String body, List<String> traceIds) {
        static Batch of(String app, int size) {
            var array = Json.createArrayBuilder();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String messageId = UUID.randomUUID().toString();
                ids.add(messageId.replace("-", ""));
                array.add(Samples.envelope(app, "ModerationTraceInfo", Json.createObjectBuilder()
                        .add("metadata", Json.createObjectBuilder()).add("message_id", messageId).add("flagged", false)
                        .add("action", "direct_output").add("preset_response", "").add("query", "q" + i).build()));
            }
            return new Batch(array.build().toString(), ids);
        }
    }
}
