package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.as.controller.client.ModelControllerClient;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.Test;

/**
 * The delivery promise under faults: WildFly killed with SIGKILL while 20,000 tasks are being
 * posted, and a backend down for a long stretch with the backlog held on disk.
 */
class FaultRestartIT extends ManualServerIT {

    /** The span id the relay gives a task's span: SHA-256 of the task id, first 8 bytes. */
    static String spanIdOf(String taskId) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(taskId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    static JsonObject[] batch(String app, int n, List<String> ids) {
        JsonObject[] tasks = new JsonObject[n];
        for (int i = 0; i < n; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            tasks[i] = Samples.withTaskId(Samples.moderation(app, "load " + id), id);
        }
        return tasks;
    }

    /** SIGKILL, not a shutdown: no hook runs, nothing is flushed. */
    static void killServerProcess() {
        String home = System.getProperty("jboss.home");
        List<ProcessHandle> servers = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("jboss-modules.jar") && c.contains(home)).orElse(false)).toList();
        assertEquals(1, servers.size(), "exactly one WildFly of this build runs");
        servers.get(0).destroyForcibly();
        servers.get(0).onExit().join();
    }

    /** Four clients post 20,000 tasks; WildFly is killed once 8,000 of them were acknowledged. */
    @Test
    void everyAcknowledgedTaskIsDeliveredAfterAKillDashNineUnderLoad() throws Exception {
        startRelay();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("crash", collector.endpoint(), "");
            Set<String> acked = ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger resent = new java.util.concurrent.atomic.AtomicInteger();
            int requests = 200;
            ExecutorService posters = Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> posted = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                posted.add(posters.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    String body = Samples.array(batch(app, 100, ids));
                    // A client that did not get its 202 sends the same request again (same task ids).
                    for (int attempt = 0; attempt < 600; attempt++) {
                        try {
                            int status = Relay.send("POST", "trace-tasks", Tokens.of("crash", "producer"), body).status();
                            if (status == 202) {
                                acked.addAll(ids);
                                return;
                            }
                            assertTrue(status != 400, "the load is valid");
                        } catch (IllegalStateException serverGone) {
                            // connection refused or reset: the server is down
                        }
                        resent.incrementAndGet();
                        sleep(500);
                    }
                }));
            }
            Relay.await("load under way", Duration.ofSeconds(120), () -> acked.size() >= 8_000);
            killServerProcess();
            int ackedAtKill = acked.size();
            int deliveredBeforeKill = distinctSpans(collector).size();
            try {
                controller.kill(SERVER);
            } catch (RuntimeException alreadyGone) {
                // the process is gone already; the controller only forgets it
            }
            controller.start(SERVER, Deployments.settings());
            for (java.util.concurrent.Future<?> f : posted) {
                f.get(300, TimeUnit.SECONDS);
            }
            posters.shutdown();
            assertEquals(requests * 100, acked.size(), "every request acknowledged in the end");

            Map<String, String> taskOfSpan = new java.util.HashMap<>();
            for (String id : acked) {
                taskOfSpan.put(spanIdOf(id), id);
            }
            Set<String> expected = taskOfSpan.keySet();
            try {
                Relay.await("every acknowledged task delivered", Duration.ofSeconds(240),
                        () -> distinctSpans(collector).containsAll(expected));
            } catch (AssertionError e) {
                Set<String> missing = new java.util.HashSet<>(expected);
                missing.removeAll(distinctSpans(collector));
                throw new AssertionError(e.getMessage() + ": " + missing.size() + " of " + expected.size()
                        + " acknowledged tasks missing, e.g. task ids " + missing.stream().limit(3).map(taskOfSpan::get).toList());
            }
            List<Span> all = collector.acceptedSpans();
            long distinct = all.stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count();
            System.out.printf("kill -9 under load: %d tasks in %d requests; killed with %d acknowledged (%d delivered);"
                            + " %d requests sent again by the client; after restart %d acknowledged, %d delivered distinct,"
                            + " %d spans received (%d duplicates, same span id), %d dead%n",
                    requests * 100, requests, ackedAtKill, deliveredBeforeKill, resent.get(), acked.size(), distinct, all.size(),
                    all.size() - distinct, Relay.deliveries("crash", app, "dead").size());
            assertEquals(expected.size(), distinct, "nothing delivered that was not sent");
            assertEquals(List.of(), preparedBrokerTransactions(), "no consume or send left in doubt in the broker");
            assertTrue(Relay.deliveries("crash", app, "dead").isEmpty());
        } finally {
            stopRelay();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Set<String> distinctSpans(FakeOtlpCollector collector) {
        return collector.acceptedSpans().stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).collect(Collectors.toSet());
    }

    /** Transactions the broker holds prepared: each keeps its messages from everyone until resolved. */
    static List<String> preparedBrokerTransactions() throws Exception {
        try (ModelControllerClient client = ModelControllerClient.Factory.create("localhost", 9990)) {
            ModelNode list = new ModelNode();
            list.get("operation").set("list-prepared-transactions");
            list.get("address").add("subsystem", "messaging-activemq").add("server", "default");
            ModelNode result = client.execute(list);
            assertEquals("success", result.get("outcome").asString(), result.toString());
            ModelNode xids = result.get("result");
            return xids.isDefined() ? xids.asList().stream().map(ModelNode::asString).toList() : List.of();
        }
    }

    static long heapUsedAfterGc() throws Exception {
        try (ModelControllerClient client = ModelControllerClient.Factory.create("localhost", 9990)) {
            ModelNode gc = new ModelNode();
            gc.get("operation").set("gc");
            gc.get("address").add("core-service", "platform-mbean").add("type", "memory");
            client.execute(gc);
            ModelNode read = new ModelNode();
            read.get("operation").set("read-attribute");
            read.get("address").add("core-service", "platform-mbean").add("type", "memory");
            read.get("name").set("heap-memory-usage");
            return client.execute(read).get("result").get("used").asLong();
        }
    }

    @Test
    void aLongOutageIsHeldOnDiskAndDrainedOldestFirst() throws Exception {
        startRelay();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> new FakeOtlpCollector.Answer(503, null));
            String app = Relay.appTracingTo("outage", collector.endpoint(), "");
            List<String> order = new ArrayList<>();
            for (int r = 0; r < 50; r++) {
                Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("outage", "producer"), Samples.array(batch(app, 100, order))));
            }
            Relay.await("the backlog stored", Duration.ofSeconds(60),
                    () -> Relay.deliveries("outage", app, "pending").size() == 1000 && collector.requests().size() >= 3);
            long heapAtStart = heapUsedAfterGc();
            Thread.sleep(30_000);  // about 30 probe rounds against a backend that keeps saying 503
            long heapAfterOutage = heapUsedAfterGc();
            int refusedRequests = collector.requests().size();

            collector.answer(r -> FakeOtlpCollector.Answer.OK);
            Relay.await("all 5,000 delivered", Duration.ofSeconds(120), () -> distinctSpans(collector).size() == 5_000);
            List<String> arrival = collector.acceptedSpans().stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().toList();
            Map<String, Integer> age = new java.util.HashMap<>();
            for (int i = 0; i < order.size(); i++) {
                age.put(spanIdOf(order.get(i)), i);
            }
            double oldestHalfShareOfFirstThousand = arrival.subList(0, 1000).stream().filter(s -> age.get(s) < 2_500).count() / 1000.0;
            System.out.printf("long outage: 5000 tasks held while the backend refused %d requests for 30 s; heap after GC %d MB -> %d MB;"
                            + " after recovery all delivered, %.0f%% of the first 1000 from the older half%n",
                    refusedRequests, heapAtStart >> 20, heapAfterOutage >> 20, oldestHalfShareOfFirstThousand * 100);
            assertTrue(heapAfterOutage - heapAtStart < 64L << 20, "the backlog is on disk, not on the heap");
            assertTrue(oldestHalfShareOfFirstThousand >= 0.9, "drained in order of age");
            assertTrue(Relay.deliveries("outage", app, "dead").isEmpty());
        } finally {
            stopRelay();
        }
    }
}
