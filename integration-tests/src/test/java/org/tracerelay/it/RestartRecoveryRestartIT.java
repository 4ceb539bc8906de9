package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A backlog of pending deliveries survives a server restart and is delivered afterwards. */
class RestartRecoveryRestartIT extends ManualServerIT {

    @Test
    void masterKeyRotationRewrapsTenantKeysWithoutLosingASecret() throws Exception {
        String oldKey = System.getProperty("it.master.key");
        String newKey = java.util.Base64.getEncoder().encodeToString("rotated-master-key-32-bytes-long".getBytes());
        String base = System.getProperty("it.jvm.base");
        startRelay();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("acme", collector.endpoint(), "authorization=Bearer kept-across-rotation");
            controller.stop(SERVER);

            controller.start(SERVER, java.util.Map.of("javaVmArguments", base + " -Dtrace.relay.master.key=" + newKey
                    + " -Dtrace.relay.master.key.previous=" + oldKey));
            controller.stop(SERVER);
            // The old key is gone now: everything must open with the new one alone.
            controller.start(SERVER, java.util.Map.of("javaVmArguments", base + " -Dtrace.relay.master.key=" + newKey));

            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"),
                    Samples.moderation(app, "after rotation").toString()));
            Relay.await("delivery with the new master key", Duration.ofSeconds(60), () -> collector.acceptedSpans().size() == 1);
            assertEquals(java.util.List.of("Bearer kept-across-rotation"), collector.requests().get(0).headers().get("Authorization"));

            // Rotate back, so the server's data is wrapped by the key the other tests start with.
            controller.stop(SERVER);
            controller.start(SERVER, java.util.Map.of("javaVmArguments", base + " -Dtrace.relay.master.key=" + oldKey
                    + " -Dtrace.relay.master.key.previous=" + newKey));
        } finally {
            stopRelay();
        }
    }

    @Test
    void intakeAnswers429WhenATenantIsTooFastOrTheBacklogIsFull() throws Exception {
        controller.start(SERVER, java.util.Map.of("javaVmArguments", System.getProperty("it.jvm.base")
                + " -Dtrace.relay.master.key=" + System.getProperty("it.master.key")
                + " -Dtrace.intake.max-backlog=50 -Dtrace.intake.tenant-rate=5"));
        deployer.deploy(RELAY);
        try (FakeOtlpCollector fast = new FakeOtlpCollector(); FakeOtlpCollector down = new FakeOtlpCollector()) {
            // A tenant may burst one full request, then only at its rate (5 tasks/s here).
            String speedy = Relay.appTracingTo("speedy", fast.endpoint(), "");
            JsonObject[] burst = new JsonObject[1000];
            for (int i = 0; i < burst.length; i++) {
                burst[i] = Samples.moderation(speedy, "burst-" + i);
            }
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("speedy", "producer"), Samples.array(burst)));
            // 50 more tasks need 10 s of rate at 5/s: refused however slowly this machine runs the test.
            JsonObject[] more = new JsonObject[50];
            for (int i = 0; i < more.length; i++) {
                more[i] = Samples.moderation(speedy, "more-" + i);
            }
            Relay.Reply tooFast = Relay.send("POST", "trace-tasks", Tokens.of("speedy", "producer"), Samples.array(more));
            assertEquals(429, tooFast.status());
            assertEquals("rate_limited", tooFast.json().getString("code"));
            assertTrue(tooFast.json().getString("detail").contains("rate limit"));
            assertTrue(Integer.parseInt(tooFast.retryAfter()) >= 1, "Retry-After says when to come back");
            Relay.await("the burst delivered", Duration.ofSeconds(60), () -> fast.acceptedSpans().size() == 1000);

            // A backend that is down fills the durable backlog past its bound (50): intake says 429.
            down.answer(r -> new FakeOtlpCollector.Answer(503, "60"));
            String stuck = Relay.appTracingTo("acme", down.endpoint(), "");
            JsonObject[] tasks = new JsonObject[60];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = Samples.moderation(stuck, "fill-" + i);
            }
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.array(tasks)));
            Relay.await("the backlog to fill", Duration.ofSeconds(30), () -> Relay.deliveries("acme", stuck, "pending").size() == 60);
            Thread.sleep(2500); // the backlog is counted at most every 2 s
            Relay.Reply full = Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.moderation(stuck, "x").toString());
            assertEquals(429, full.status());
            assertTrue(full.json().getString("detail").contains("backlog"));
            assertEquals("30", full.retryAfter());
            assertEquals(60, Relay.deliveries("acme", stuck, "pending").size(), "a refused request stores nothing");
            // Leave no stuck backlog to the classes after this one: without a config its deliveries die.
            Relay.expect(204, Relay.send("DELETE", "apps/" + stuck + "/trace-config?tracing_provider=otlp",
                    Tokens.of("acme", "editor"), null));
        } finally {
            stopRelay();
        }
    }

    @Test
    void backlogPendingAtShutdownIsDeliveredAfterRestart() throws Exception {
        startRelay();
        try (FakeOtlpCollector collector = new FakeOtlpCollector()) {
            collector.answer(r -> new FakeOtlpCollector.Answer(503, "1"));
            String app = Relay.appTracingTo("acme", collector.endpoint(), "");
            JsonObject[] tasks = new JsonObject[120];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = Samples.moderation(app, "backlog-" + i);
            }
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), Samples.array(tasks)));
            Relay.await("the backlog to be routed and refused once", Duration.ofSeconds(60),
                    () -> Relay.deliveries("acme", app, "pending").size() == 120 && !collector.requests().isEmpty());

            controller.stop(SERVER);
            collector.answer(r -> FakeOtlpCollector.Answer.OK);
            controller.start(SERVER, Deployments.settings());

            Relay.await("all 120 delivered after the restart", Duration.ofSeconds(90),
                    () -> Relay.deliveries("acme", app, "delivered").size() == 120);
            assertEquals(120, collector.acceptedSpans().stream().map(s -> FakeOtlpCollector.hex(s.getSpanId())).distinct().count());
            assertTrue(Relay.deliveries("acme", app, "dead").isEmpty());
        } finally {
            stopRelay();
        }
    }
}
