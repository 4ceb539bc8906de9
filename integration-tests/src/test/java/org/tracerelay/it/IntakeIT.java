package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input gets a clear 4xx problem+json and nothing is stored; access follows the role matrix. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IntakeIT {

    private static FakeOtlpCollector collector;
    private static String app;

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    /** One app for the class, created lazily: the deployment exists only once a test runs. */
    private static synchronized String app() throws Exception {
        if (app == null) {
            collector = new FakeOtlpCollector();
            app = Relay.appTracingTo("acme", collector.endpoint(), "");
        }
        return app;
    }

    @AfterAll
    static void nothingWasStoredOrSent() throws Exception {
        if (app != null) {
            Marker marker = Marker.after("acme", app, collector);
            assertEquals(List.of(), marker.deliveriesBesides("acme", app, null), "a refused request must store nothing");
            assertEquals(List.of(), marker.requestsBesides(collector), "nothing but the marker was sent");
            collector.close();
        }
    }

    private static JsonObject problem(int status, String body) throws Exception {
        Relay.Reply r = Relay.expect(status, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), body));
        assertEquals("application/problem+json", r.contentType());
        JsonObject p = r.json();
        assertEquals(status, p.getInt("status"));
        return p;
    }

    private static List<String> paths(JsonObject problem) {
        return problem.getJsonArray("errors").getValuesAs(JsonValue::asJsonObject).stream()
                .map(e -> e.getString("path")).toList();
    }

    @Test
    void malformedJson() throws Exception {
        app();
        JsonObject p = problem(400, "{\"app_id\": ");
        assertEquals("invalid_trace_task", p.getString("code"));
    }

    @Test
    void missingRequiredField() throws Exception {
        JsonObject task = Samples.moderation(app(), "q");
        String body = task.toString().replace("\"query\":\"q\",", "").replace(",\"query\":\"q\"", "");
        assertTrue(paths(problem(400, body)).contains("items[0].trace_info.query"));
    }

    @Test
    void wrongType() throws Exception {
        String body = Samples.moderation(app(), "q").toString().replace("\"flagged\":false", "\"flagged\":\"no\"");
        JsonObject p = problem(400, body);
        assertEquals(List.of("items[0].trace_info.flagged"), paths(p));
        assertEquals("must be a boolean", p.getJsonArray("errors").getJsonObject(0).getString("message"));
    }

    @Test
    void unknownTraceInfoType() throws Exception {
        String body = Samples.moderation(app(), "q").toString().replace("ModerationTraceInfo", "ConversationTraceInfo");
        assertEquals(List.of("items[0].trace_info_type"), paths(problem(400, body)));
    }

    @Test
    void oneBadItemRefusesTheWholeArray() throws Exception {
        String bad = Samples.moderation(app(), "q").toString().replace("\"action\":\"direct_output\"", "\"action\":7");
        String body = "[" + Samples.moderation(app(), "fine") + "," + bad + "," + Samples.moderation(app(), "fine") + "]";
        assertEquals(List.of("items[1].trace_info.action"), paths(problem(400, body)));
    }

    @Test
    void moreThanAThousandItems() throws Exception {
        String one = Samples.moderation(app(), "q").toString();
        String body = "[" + String.join(",", java.util.Collections.nCopies(1001, one)) + "]";
        assertEquals(List.of("items"), paths(problem(400, body)));
    }

    @Test
    void jsonNestedTooDeep() throws Exception {
        String nested = "{}";
        for (int i = 0; i < 100; i++) {
            nested = "{\"x\":" + nested + "}";
        }
        String body = Samples.moderation(app(), "q").toString().replace("\"metadata\":{}", "\"metadata\":" + nested);
        assertEquals(List.of("items[0]"), paths(problem(400, body)));
    }

    @Test
    void taskForAnotherTenantsApp() throws Exception {
        String foreign = UUID.randomUUID().toString();
        Relay.expect(201, Relay.send("PUT", "apps/" + foreign, Tokens.of("globex", "editor"), "{\"name\":\"theirs\"}"));
        app();
        assertEquals(List.of("items[0].app_id"), paths(problem(400, Samples.moderation(foreign, "q").toString())));
    }

    @Test
    void sessionIdTooLong() throws Exception {
        Relay.Reply r = Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"),
                Samples.moderation(app(), "q").toString(), "X-Trace-Session-Id", "s".repeat(201));
        assertEquals(400, r.status());
    }

    @Test
    void noTokenOrABadOneIs401() throws Exception {
        String body = Samples.moderation(app(), "q").toString();
        Relay.Reply none = Relay.send("POST", "trace-tasks", null, body);
        assertEquals(401, none.status());
        assertEquals("application/problem+json", none.contentType());
        String forged = Tokens.of("acme", "producer");
        forged = forged.substring(0, forged.length() - 4) + "AAAA";
        Relay.Reply refused = Relay.send("POST", "trace-tasks", forged, body);
        assertEquals(401, refused.status());
        assertEquals("application/problem+json", refused.contentType().replace(";charset=UTF-8", ""));
        assertEquals("unauthorized", refused.json().getString("code"));
        assertEquals(401, Relay.send("GET", "apps/" + app(), null, null).status());
    }

    @Test
    void rolesAreEnforcedOnEveryKindOfRoute() throws Exception {
        String a = app();
        String producer = Tokens.of("acme", "producer");
        String viewer = Tokens.of("acme", "viewer");
        assertEquals(403, Relay.send("GET", "apps/" + a, producer, null).status());
        assertEquals(403, Relay.send("GET", "apps/" + a + "/trace-config?tracing_provider=otlp", producer, null).status());
        assertEquals(403, Relay.send("POST", "apps/" + a + "/trace", viewer, "{\"enabled\":false}").status());
        assertEquals(403, Relay.send("DELETE", "apps/" + a + "/trace-config?tracing_provider=otlp", viewer, null).status());
        assertEquals(403, Relay.send("POST", "trace-tasks", viewer, Samples.moderation(a, "q").toString()).status());
        assertEquals(200, Relay.send("GET", "apps/" + a + "/trace", viewer, null).status());
        assertEquals(404, Relay.send("GET", "apps/" + a, Tokens.of("globex", "viewer"), null).status(),
                "another tenant's app does not exist for the caller");
    }

    @Test
    void storedSecretsAreMaskedAndKeptWhenEchoed() throws Exception {
        String a = app();
        String editor = Tokens.of("acme", "editor");
        String b = UUID.randomUUID().toString();
        String endpoint = collector.endpoint();
        Relay.expect(201, Relay.send("PUT", "apps/" + b, editor, "{\"name\":\"masking\"}"));
        JsonObject created = Relay.expect(201, Relay.send("POST", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "\",\"headers\":\"api-key=abc!@#$%^&*()def\"}}")).json();
        assertEquals("****************)def", created.getJsonObject("tracing_config").getString("headers"));
        assertEquals(409, Relay.send("POST", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint + "\"}}").status());
        JsonObject patched = Relay.expect(200, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "\",\"headers\":\"****************)def\"}}")).json();
        assertEquals("****************)def", patched.getJsonObject("tracing_config").getString("headers"));
        assertEquals(endpoint, patched.getJsonObject("tracing_config").getString("endpoint"));
        // A stored secret never follows a changed endpoint: it must be entered again.
        JsonObject moved = Relay.expect(400, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "/v1/traces\",\"headers\":\"****************)def\"}}")).json();
        assertEquals("secret_required_for_new_host", moved.getString("code"));
        List<FakeOtlpCollector.Received> checks = collector.probes().stream()
                .filter(r -> r.headers().containsKey("Api-key")).toList();
        assertEquals(2, checks.size(), "create and patch each check the backend");
        checks.forEach(r -> assertEquals(List.of("abc!@#$%^&*()def"), r.headers().get("Api-key"),
                "the kept secret is the one sent when the backend is checked"));
        JsonObject invalid = Relay.expect(400, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"ftp://x\"}}")).json();
        assertEquals("invalid_tracing_config", invalid.getString("code"));
        JsonObject unverified = Relay.expect(400, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"http://127.0.0.1:1\"}}")).json();
        assertEquals("tracing_config_verification_failed", unverified.getString("code"));
        assertEquals("tracing_config.endpoint", unverified.getJsonArray("errors").getJsonObject(0).getString("path"),
                "the check's answer names the field it concerns");
        // An id outside the provider registry is unsupported.
        JsonObject notBuilt = Relay.expect(400, Relay.send("POST", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"nosuch\",\"tracing_config\":{}}")).json();
        assertEquals("unsupported_tracing_provider", notBuilt.getString("code"));
        assertEquals(204, Relay.send("DELETE", "apps/" + b + "/trace-config?tracing_provider=otlp", editor, null).status());
        assertEquals(404, Relay.send("DELETE", "apps/" + b + "/trace-config?tracing_provider=otlp", editor, null).status());
        assertTrue(Relay.send("GET", "apps/" + b + "/trace-config?tracing_provider=otlp", editor, null).json()
                .getBoolean("has_not_configured"));
        assertEquals(a, app());
    }

    // --- Bounded memory on every intake path ----------------------------------------------------

    private static final int MAX_BYTES = 20 * 1024 * 1024;

    private static java.net.http.HttpResponse<String> post(String token, java.net.http.HttpRequest.BodyPublisher body,
                                                           String... headers) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(Relay.BASE + "trace-tasks"))
                .timeout(java.time.Duration.ofSeconds(120)).POST(body)
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** {@code tasks} moderation tasks of {@code app}, each with {@code numbers} numbers in its metadata, padded to {@code size} bytes. */
    private static String batchOfSize(String app, int tasks, int numbers, String number, int size) {
        String head = "{\"app_id\":\"" + app + "\",\"trace_info_type\":\"ModerationTraceInfo\",\"trace_info\":{\"message_id\":\"m\","
                + "\"flagged\":false,\"action\":\"direct_output\",\"preset_response\":\"\",\"metadata\":{\"n\":["
                + String.join(",", java.util.Collections.nCopies(numbers, number)) + "]},\"query\":\"";
        String tail = "\"}}";
        int pad = (size - 2 - tasks * (head.length() + tail.length() + 1)) / tasks;
        String one = head + "q".repeat(pad) + tail;
        return "[" + String.join(",", java.util.Collections.nCopies(tasks, one)) + "]";
    }

    /**
     * A body between Undertow's default limit (10 MB) and intake's (20 MiB), whose tasks grow when
     * the relay writes them out for the queue (a task_id and tenant_id each, the session and trace
     * ids of the headers, 1e-6 written as 0.000001): accepted, and every task delivered rather than
     * its message refused by the listener's size rule.
     */
    @Test
    void aBodyJustUnderTheLimitThatGrowsOnTheQueueIsAcceptedAndDelivered() throws Exception {
        try (FakeOtlpCollector growing = new FakeOtlpCollector()) {
            String app = Relay.appTracingTo("intake-growth", growing.endpoint(), "");
            String body = batchOfSize(app, 1000, 200, "1e-6", MAX_BYTES - 4096);
            assertTrue(body.length() > 10_000_000 && body.length() <= MAX_BYTES, "between the two limits: " + body.length());
            var r = post(Tokens.of("intake-growth", "producer"), java.net.http.HttpRequest.BodyPublishers.ofString(body),
                    "X-Trace-Session-Id", "s".repeat(200), "X-Trace-Id", "t".repeat(128));
            assertEquals(202, r.statusCode(), r.body());
            Relay.await("1000 tasks delivered", java.time.Duration.ofSeconds(120),
                    () -> Relay.deliveries("intake-growth", app, "delivered").size() == 1000);
        }
    }

    /** Over 20 MiB: 413 problem+json from the relay, whether the body says its length or is chunked. */
    @Test
    void aBodyOverTheLimitIs413ProblemJsonWithOrWithoutALength() throws Exception {
        String token = Tokens.of("intake-large", "producer");
        byte[] body = ("[\"" + "x".repeat(MAX_BYTES) + "\"]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var sized = post(token, java.net.http.HttpRequest.BodyPublishers.ofByteArray(body));
        var chunked = post(token, java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)));
        for (var r : List.of(sized, chunked)) {
            assertEquals(413, r.statusCode(), r.body());
            assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
            assertTrue(r.body().contains("\"payload_too_large\""), r.body());
        }
    }

    /** A body of {@code filler} values repeated to {@code size} bytes inside one task. */
    private static byte[] worstShape(String app, String filler, int size) {
        String head = "[{\"app_id\":\"" + app + "\",\"trace_info_type\":\"ModerationTraceInfo\",\"trace_info\":{\"message_id\":\"m\","
                + "\"flagged\":false,\"action\":\"direct_output\",\"preset_response\":\"\",\"query\":\"q\",\"metadata\":{\"a\":[";
        StringBuilder b = new StringBuilder(size).append(head).append(filler);
        while (b.length() + filler.length() + 6 <= size) {
            b.append(',').append(filler);
        }
        return b.append("]}}}]").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean ready() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:9990/health/ready")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * The worst shapes at once, ten JMS messages and four REST requests, from one tenant's producer:
     * a 200 MB BytesMessage and a 200 MB TextMessage are refused by the broker as they arrive (the send
     * throws at once, no file is left), a 30 MiB message is dead-lettered unread with its reason and
     * size, another tenant's task is still delivered and the node stays ready.
     */
    @Test
    void theWorstShapesAtOnceLeaveAnotherTenantsTaskDeliveredAndTheNodeReady() throws Exception {
        try (FakeOtlpCollector bystanders = new FakeOtlpCollector();
             org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                     new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://localhost:61616");
             jakarta.jms.JMSContext operator = factory.createContext("operator", "operator", jakarta.jms.JMSContext.AUTO_ACKNOWLEDGE)) {
            String bystander = Relay.appTracingTo("intake-bystander", bystanders.endpoint(), "");
            String flooderApp = Relay.appTracingTo("intake-flooder", bystanders.endpoint(), "");
            String flooder = Tokens.of("intake-flooder", "producer");
            List<String> fillers = List.of("0", "{}", "\"\"", "[]");
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(12);
            List<java.util.concurrent.Future<String>> sent = new java.util.ArrayList<>();
            // Over the listener's limit and under the broker's cap: the listener refuses it unread.
            long huge = 30L * 1024 * 1024;
            sent.add(pool.submit(() -> sendBytes(factory, flooder, huge, null)));
            // Over the broker's cap: refused as it arrives, a TextMessage (which a JMS client decodes whole) too.
            long tooLarge = 200L * 1024 * 1024;
            var refusedBytes = pool.submit(() -> refusedByTheBroker(() -> sendBytes(factory, flooder, tooLarge, null)));
            var refusedText = pool.submit(() -> refusedByTheBroker(() -> sendText(factory, flooder, (int) (tooLarge / 2))));
            for (int i = 0; i < 7; i++) {
                // The shapes refused by their values, and the largest string read whole (for an app the flooder does not own).
                byte[] body = i < 4 ? worstShape(flooderApp, fillers.get(i), MAX_BYTES)
                        : ("[" + Samples.moderation(UUID.randomUUID().toString(), "x".repeat(MAX_BYTES - 1024)) + "]")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sent.add(pool.submit(() -> sendBytes(factory, flooder, body.length, body)));
            }
            for (int i = 0; i < 4; i++) {
                byte[] body = worstShape(flooderApp, fillers.get(i), MAX_BYTES);
                sent.add(pool.submit(() -> String.valueOf(post(flooder, java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).statusCode())));
            }
            String marker = "bystander-" + UUID.randomUUID();
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("intake-bystander", "producer"),
                    Samples.moderation(bystander, marker).toString()));
            for (var f : sent) {
                String outcome = f.get(5, java.util.concurrent.TimeUnit.MINUTES);
                assertTrue(outcome.equals("sent") || outcome.equals("413") || outcome.equals("429"), outcome);
            }
            assertEquals("refused", refusedText.get(5, java.util.concurrent.TimeUnit.MINUTES), "the 200 MB TextMessage");
            assertEquals("refused", refusedBytes.get(5, java.util.concurrent.TimeUnit.MINUTES), "the 200 MB BytesMessage");
            pool.shutdown();
            // A refused send's partial file would stop within one 100 KiB chunk of the broker's 41 MiB cap;
            // the DLQ's copies of the refused 20 MiB texts are 40 MiB (two bytes a character).
            Relay.await("no refused message's file left in the broker's journal", java.time.Duration.ofSeconds(30),
                    () -> largeMessageFilesOver(41L * 1024 * 1024 - 512 * 1024) == 0);
            Relay.await("the other tenant's task delivered", java.time.Duration.ofSeconds(90),
                    () -> Relay.deliveries("intake-bystander", bystander, "delivered").size() == 1);
            assertTrue(ready(), "the node is ready");
            try (jakarta.jms.JMSConsumer dlq = operator.createConsumer(operator.createQueue("TraceTasksDLQ"),
                    "trace_relay_unread_size = " + huge)) {
                jakarta.jms.Message m = dlq.receive(60_000);
                assertTrue(m != null, "the 30 MiB message is on the DLQ");
                assertTrue(m.getStringProperty("trace_relay_reject_reason").contains("larger than " + MAX_BYTES + " bytes"),
                        m.getStringProperty("trace_relay_reject_reason"));
                assertEquals("", ((jakarta.jms.TextMessage) m).getText(), "without its body");
            }
        }
    }

    /** "refused" when the send throws within 20 s (so not after the 30 s call timeout), else what it returned. */
    private static String refusedByTheBroker(java.util.concurrent.Callable<String> send) throws Exception {
        long start = System.nanoTime();
        try {
            return send.call();
        } catch (IllegalStateException e) {
            long seconds = java.time.Duration.ofNanos(System.nanoTime() - start).toSeconds();
            return seconds < 20 ? "refused" : "refused after " + seconds + " s: " + e;
        }
    }

    /** Sends a TextMessage of {@code chars} characters (two bytes each on the wire) from the producer login. */
    private static String sendText(org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory, String token, int chars) {
        try (jakarta.jms.JMSContext producer = factory.createContext("producer", "producer", jakarta.jms.JMSContext.AUTO_ACKNOWLEDGE)) {
            jakarta.jms.TextMessage m = producer.createTextMessage("[" + " ".repeat(chars - 2) + "]");
            m.setStringProperty("trace_relay_token", token);
            producer.createProducer().send(producer.createQueue("TraceTasks"), m);
            return "sent";
        } catch (jakarta.jms.JMSException | jakarta.jms.JMSRuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files in the embedded broker's large-messages folder bigger than {@code bytes}. */
    private static long largeMessageFilesOver(long bytes) {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone", "data", "activemq", "largemessages");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = java.nio.file.Files.list(dir)) {
            return files.filter(p -> p.toFile().length() > bytes).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends a BytesMessage of {@code size} bytes, streamed (of {@code body}, or of spaces and an array when null). */
    private static String sendBytes(org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory, String token,
                                    long size, byte[] body) {
        try (jakarta.jms.JMSContext producer = factory.createContext("producer", "producer", jakarta.jms.JMSContext.AUTO_ACKNOWLEDGE)) {
            jakarta.jms.BytesMessage m = producer.createBytesMessage();
            java.io.InputStream in = body != null ? new java.io.ByteArrayInputStream(body) : new java.io.InputStream() {
                private long left = size;

                @Override
                public int read() {
                    return left-- > 0 ? (left == size - 1 ? '[' : left == 0 ? ']' : ' ') : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    for (int i = 0; i < n; i++) {
                        b[off + i] = (byte) read();
                    }
                    return n;
                }
            };
            m.setObjectProperty("JMS_AMQ_InputStream", in);
            m.setStringProperty("trace_relay_token", token);
            producer.createProducer().send(producer.createQueue("TraceTasks"), m);
            return "sent";
        } catch (jakarta.jms.JMSException | jakarta.jms.JMSRuntimeException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sessionIdWithFeedbackMetadataThatIsNotAnObjectIs400() throws Exception {
        JsonObject feedback = Samples.envelope(app(), "FeedbackEvent", jakarta.json.Json.createObjectBuilder()
                .add("tenant_id", "acme").add("app_id", app()).add("message_id", "m-1")
                .add("created_at", "2026-11-21T09:00:00+00:00").add("metadata", "not an object").build());
        Relay.Reply r = Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"), feedback.toString(),
                "X-Trace-Session-Id", "s-1");
        assertEquals(400, r.status());
        assertEquals("application/problem+json", r.contentType());
        assertEquals(List.of("items[0].trace_info.metadata"), paths(r.json()));
    }

    @Test
    void aNewSecretContainingAnAsteriskIsStoredAndOnlyTheShownMaskKeepsTheOld() throws Exception {
        String editor = Tokens.of("acme", "editor");
        String b = UUID.randomUUID().toString();
        app();
        String endpoint = collector.endpoint();
        Relay.expect(201, Relay.send("PUT", "apps/" + b, editor, "{\"name\":\"asterisks\"}"));
        JsonObject created = Relay.expect(201, Relay.send("POST", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "\",\"headers\":\"x-star=old-secret-0001\"}}")).json();
        assertEquals("****************0001", created.getJsonObject("tracing_config").getString("headers"),
                "at most the last 4 of a secret of 16 or more");
        JsonObject changed = Relay.expect(200, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "\",\"headers\":\"x-star=new*secret*0002\"}}")).json();
        assertEquals("****************0002", changed.getJsonObject("tracing_config").getString("headers"));
        Relay.expect(200, Relay.send("PATCH", "apps/" + b + "/trace-config", editor,
                "{\"tracing_provider\":\"otlp\",\"tracing_config\":{\"endpoint\":\"" + endpoint
                        + "\",\"headers\":\"****************0002\"}}"));
        List<List<String>> sent = collector.probes().stream().filter(r -> r.headers().containsKey("X-star"))
                .map(r -> r.headers().get("X-star")).toList();
        assertEquals(List.of(List.of("old-secret-0001"), List.of("new*secret*0002"), List.of("new*secret*0002")), sent,
                "the new secret with an asterisk is stored; the mask shown keeps it");
        assertEquals(204, Relay.send("DELETE", "apps/" + b, editor, null).status());
    }

    @Test
    void theBrokerJournalHoldsNoTaskInPlaintext() throws Exception {
        try (FakeOtlpCollector own = new FakeOtlpCollector()) {
            String journalApp = Relay.appTracingTo("acme", own.endpoint(), "");
            String marker = "journal-marker-" + UUID.randomUUID();
            Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("acme", "producer"),
                    Samples.moderation(journalApp, marker).toString()));
            Relay.await("the task delivered", java.time.Duration.ofSeconds(30), () -> own.acceptedSpans().size() == 1);
            java.nio.file.Path data = java.nio.file.Path.of(System.getProperty("jboss.home"), "standalone", "data", "activemq");
            assertTrue(java.nio.file.Files.isDirectory(data), data.toString());
            List<String> holding;
            try (var files = java.nio.file.Files.walk(data)) {
                holding = files.filter(java.nio.file.Files::isRegularFile).filter(f -> {
                    try {
                        return new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                                .contains(marker);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).map(f -> data.relativize(f).toString()).toList();
            }
            assertEquals(List.of(), holding, "the task's text is in the broker's files");
        }
    }
}
