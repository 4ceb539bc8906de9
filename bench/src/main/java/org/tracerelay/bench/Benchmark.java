package org.tracerelay.bench;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Queue;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * bin/bench: load shapes against a running Trace Relay, the broker's raw persistent send rate
 * measured the same way in the same run, and one table (also written as JSON).
 *
 * Usage: Benchmark --token PRODUCER_EDITOR_TOKEN [--seconds 60] [--threads 4] [--json FILE] [--phases a,b] [--warmup 0]
 *        [--backlog N] [--pg-data DIR (the private PostgreSQL's, for its CPU and memory)]
 *        [--redaction typical|none (none): the tenant's default redaction rules for the run]
 *        [--peer-binary FILE --peer-config FILE --peer-port 14330 --peer-storage DIR (the otelcol phase)]
 * The otelcol phase alone needs no server and no token.
 */
public final class Benchmark {

    static final String BASE = "http://localhost:8080/api/v1/";
    /** Producers are advised (README) to keep a batch a regular message: Artemis streams bigger ones as files. */
    static final String BROKER = "tcp://localhost:61616?minLargeMessageSize=409600";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final String token;
    final int seconds;
    final int threads;
    final List<String> apps = new ArrayList<>();
    final Collector collector;
    final Map<String, String> opts;
    /** WildFly and its PostgreSQL, by report key prefix: what a relay phase's CPU and memory figures are of. */
    final Map<String, ProcessStats> relay = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> results = new LinkedHashMap<>();

    Benchmark(Map<String, String> opts, Collector collector) {
        this.opts = opts;
        this.token = opts.get("token");
        this.seconds = Integer.parseInt(opts.getOrDefault("seconds", "60"));
        this.threads = Integer.parseInt(opts.getOrDefault("threads", "4"));
        this.collector = collector;
        ProcessStats.wildfly().ifPresent(p -> relay.put("server", p));
        ProcessStats.postgres(opts.containsKey("pg-data") ? Path.of(opts.get("pg-data")) : null).ifPresent(p -> relay.put("postgres", p));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        try (Collector collector = new Collector()) {
            Benchmark b = new Benchmark(opts, collector);
            Path json = Path.of(opts.getOrDefault("json", "bench/target/bench-report.json"));
            long backlog = Long.parseLong(opts.getOrDefault("backlog", "0"));
            if (backlog > 0) {
                b.backlogRun(json, backlog);
            } else {
                b.run(json, List.of(opts.getOrDefault("phases", String.join(",", PHASES)).split(",")));
            }
        }
        System.exit(0);
    }

    static final List<String> PHASES = List.of("baseline", "rest-batch", "rest-batch-half", "rest-single", "rest-workflow", "jms",
            "otelcol");

    void run(Path json, List<String> phases) throws Exception {
        // The peer alone needs no relay (no token, no apps).
        for (int i = 0; i < 4 && !List.of("otelcol").containsAll(phases); i++) {
            apps.add(app());
        }
        if (!apps.isEmpty()) {
            redaction(opts.getOrDefault("redaction", "none"));
        }
        int s = seconds;
        int messageBytes = Tasks.array(batchOf(100, Tasks::message)).getBytes(StandardCharsets.UTF_8).length;
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "0"));
        if (warmup > 0 && !apps.isEmpty()) {
            warmUp(warmup);
        }
        double half = 0;
        if (phases.contains("rest-batch")) {
            Map<String, Object> allOut = rest("REST batches of 100 messages, all-out", s, 100, Tasks::message, 0);
            half = ((Number) allOut.get("accepted_tasks_per_s")).doubleValue() / 2;
        }
        if (phases.contains("rest-batch-half") && half > 0) {
            rest("REST batches of 100 messages, fixed rate (half the all-out rate)", Math.max(2, s / 2), 100, Tasks::message, half);
        }
        if (phases.contains("rest-single")) {
            rest("REST single message, fixed rate 100 tasks/s", Math.max(2, s / 2), 1, Tasks::message, 100);
        }
        if (phases.contains("rest-workflow")) {
            rest("REST batches of 100 workflows (5 nodes), all-out", Math.max(2, s / 2), 100, Tasks::workflow, 0);
        }
        if (phases.contains("jms")) {
            jms("JMS batches of 100 messages (Artemis Jakarta client), all-out", Math.max(2, s / 2), Tasks::message);
        }
        if (phases.contains("otelcol")) {
            peer(PEER, Math.max(2, s / 2));
        }
        // Last: the broker keeps cleaning its journal of these messages for a minute or more after
        // they are drained, on the same cores, which cost the relay's phases after it a quarter.
        if (phases.contains("baseline")) {
            baseline("broker raw persistent send (JMS, same client, " + messageBytes + " B messages)", Math.max(2, s / 2), messageBytes);
        }
        print();
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, toJson());
        System.out.println("report: " + json);
    }

    /**
     * A freshly started server compiles for minutes: its JIT took a third of a core for the first
     * three minutes of REST load, and the first 90 s delivered 3,856 tasks/s where four minutes
     * delivered 5,330. The warm-up runs each kind of load on the cold server, waits until it is
     * delivered, and reports it as phases of its own ("cold"), so the measured phases are the
     * steady state a server that has been up for a while gives.
     */
    void warmUp(int secs) throws Exception {
        System.out.printf("warm-up: %d s of REST batches, workflows and JMS on the cold server%n", secs);
        rest(COLD + "REST batches of 100 messages, all-out", Math.max(2, secs / 2), 100, Tasks::message, 0);
        rest(COLD + "REST batches of 100 workflows (5 nodes), all-out", Math.max(2, secs / 4), 100, Tasks::workflow, 0);
        jms(COLD + "JMS batches of 100 messages, all-out", Math.max(2, secs / 4), Tasks::message);
    }

    static final String COLD = "cold (warm-up): ";

    /**
     * The collector goes down, {@code tasks} messages go in over JMS (the fastest intake) and wait
     * on disk; the server's RSS is sampled; then the collector returns and the drain is timed.
     */
    void backlogRun(Path json, long tasks) throws Exception {
        apps.add(app());
        collector.down = true;
        collector.countOnly = true;
        Map<String, Object> r = new LinkedHashMap<>();
        long spansBefore = collector.spans.get();
        Phase p = new Phase("backlog of " + tasks + " tasks (collector down, then back)");
        p.begin();
        AtomicLong sent = new AtomicLong();
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(BROKER)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    try (JMSContext ctx = cf.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
                        Queue queue = ctx.createQueue("TraceTasks");
                        // The producer's tenant is the one its token names (the body cannot choose).
                        JMSProducer producer = ctx.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                                .setProperty("trace_relay_token", token);
                        while (sent.getAndAdd(100) < tasks) {
                            producer.send(queue, Tasks.array(batchOf(100, Tasks::message)).getBytes(StandardCharsets.UTF_8));
                        }
                    }
                });
            }
            sampleUntil(p, pool, Long.MAX_VALUE);
        }
        long sentTasks = Math.min(sent.get(), ((tasks + 99) / 100) * 100);
        double sendSeconds = (System.nanoTime() - p.started) / 1e9;
        r.put("sent_tasks", sentTasks);
        r.put("send_seconds", sendSeconds);
        System.out.printf("sent %d tasks in %.0f s; waiting for the relay to store them%n", sentTasks, sendSeconds);
        long stored = 0;
        for (int i = 0; i < 3600 && stored < sentTasks; i++) {
            sleepNanos(2_000_000_000L);
            sampleOnce(p);
            stored = storedBacklog();
        }
        r.put("stored_backlog", stored);
        r.put("store_seconds", (System.nanoTime() - p.started) / 1e9);
        r.put("server_rss_mb_while_backlogged", p.maxRss.getOrDefault("server", 0L) >> 20);
        System.out.printf("backlog stored: %d; collector back%n", stored);
        long back = System.nanoTime();
        collector.down = false;
        long target = spansBefore + sentTasks;
        long firstArrival = 0;
        while (collector.spans.get() < target && System.nanoTime() - back < TimeUnit.HOURS.toNanos(1)) {
            sleepNanos(1_000_000_000L);
            if (firstArrival == 0 && collector.spans.get() > spansBefore) {
                firstArrival = System.nanoTime();
            }
            sampleOnce(p);
        }
        long end = System.nanoTime();
        long delivered = collector.spans.get() - spansBefore;
        // The breaker probes a down destination at most every trace.retry.max (5 min), so the
        // first delivery may come minutes after the collector returned.
        r.put("delivered_tasks", delivered);
        r.put("first_delivery_after_return_s", firstArrival == 0 ? Double.NaN : (firstArrival - back) / 1e9);
        r.put("drain_seconds_from_first_delivery", firstArrival == 0 ? Double.NaN : (end - firstArrival) / 1e9);
        r.put("drain_tasks_per_s", firstArrival == 0 ? Double.NaN : delivered / ((end - firstArrival) / 1e9));
        processes(p, r);
        results.put(p.name, r);
        print();
        Files.createDirectories(json.toAbsolutePath().getParent());
        Files.writeString(json, toJson());
    }

    /** Deliveries waiting, as the relay's readiness check reports them. */
    long storedBacklog() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9990/health/ready"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            try (var reader = Json.createReader(new java.io.StringReader(r.body()))) {
                return reader.readObject().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                        .filter(c -> "trace-relay-intake".equals(c.getString("name", "")))
                        .mapToLong(c -> c.getJsonObject("data").getJsonNumber("backlog").longValue()).sum();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            return -1;
        }
    }

    // --- setup

    /** A typical rule set: every built-in mask, one tenant pattern, user ids hashed. */
    static final String TYPICAL_REDACTION = "{\"mask\":[\"email\",\"phone\",\"card\",\"iban\",\"ip\",\"api_key\",\"bearer\"],"
            + "\"patterns\":[{\"name\":\"order_no\",\"regex\":\"ORD-[0-9]{6}\"}],"
            + "\"hash\":[\"metadata.user_id\",\"metadata.from_end_user_id\"]}";

    /** Sets (typical) or removes (none) the tenant's default redaction rules, so every app's tasks go through them. */
    void redaction(String choice) {
        if (choice.equals("typical")) {
            send("PUT", "redaction/rules?destination=default", TYPICAL_REDACTION, 200);
        } else {
            send("DELETE", "redaction/rules?destination=default", "", 0);
        }
        System.out.println("redaction rules: " + choice);
    }

    String app() {
        return registerApp(BASE, token, collector.endpoint());
    }

    /** An app of the token's tenant whose otlp destination is {@code endpoint}, registered through {@code base}. */
    static String registerApp(String base, String token, String endpoint) {
        String id = UUID.randomUUID().toString();
        expect(201, call(base, token, "PUT", "apps/" + id, "{\"name\":\"bench\",\"mode\":\"workflow\"}"));
        expect(201, call(base, token, "POST", "apps/" + id + "/trace-config", Json.createObjectBuilder().add("tracing_provider", "otlp")
                .add("tracing_config", Json.createObjectBuilder().add("endpoint", endpoint)).build().toString()));
        expect(200, call(base, token, "POST", "apps/" + id + "/trace", "{\"enabled\":true,\"tracing_provider\":\"otlp\"}"));
        return id;
    }

    int send(String method, String path, String body, int expected) {
        HttpResponse<String> r = call(BASE, token, method, path, body);
        if (expected > 0) {
            expect(expected, r);
        }
        return r.statusCode();
    }

    /** One admin or intake call with the bench token; a refused connection is an IllegalStateException. */
    static HttpResponse<String> call(String base, String token, String method, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static void expect(int status, HttpResponse<String> r) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
    }

    List<Tasks.Task> batchOf(int n, Function<String, Tasks.Task> make) {
        List<Tasks.Task> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(make.apply(apps.isEmpty() ? "bench" : apps.get(i % apps.size())));
        }
        return batch;
    }

    // --- phases

    /** What one load phase saw: accepted tasks with their ack times, request latencies. */
    final class Phase {
        final String name;
        final Map<String, Long> ackedAt = new ConcurrentHashMap<>();
        final Stats acceptLatency = new Stats();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        /** REST answers intake slowed because delivery fell behind (its Trace-Relay-Paced-Ms header), and by how much in all. */
        final AtomicLong pacedRequests = new AtomicLong();
        final AtomicLong pacedMillis = new AtomicLong();
        long started;
        long ended;
        long spansBefore;
        /** The processes whose CPU and memory this phase reports, by key prefix. */
        final Map<String, ProcessStats> watched;
        final Map<String, Double> cpuBefore = new LinkedHashMap<>();
        final Map<String, Long> maxRss = new ConcurrentHashMap<>();

        Phase(String name) {
            this(name, relay);
        }

        Phase(String name, Map<String, ProcessStats> watched) {
            this.name = name;
            this.watched = watched;
        }

        void begin() {
            spansBefore = collector.spans.get();
            watched.forEach((k, proc) -> cpuBefore.put(k, proc.cpuSeconds()));
            started = System.nanoTime();
        }
    }

    Map<String, Object> rest(String name, int secs, int batchSize, Function<String, Tasks.Task> make, double ratePerSecond) throws Exception {
        Phase p = new Phase(name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        AtomicLong nextSlot = new AtomicLong();
        long intervalNanos = ratePerSecond > 0 ? (long) (1e9 * batchSize / ratePerSecond) : 0;
        int workers = ratePerSecond > 0 ? Math.max(threads, 16) : threads;
        p.begin();
        nextSlot.set(p.started);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int t = 0; t < workers; t++) {
            pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    if (intervalNanos > 0) {
                        long slot = nextSlot.getAndAdd(intervalNanos);
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            sleepNanos(wait);
                        }
                        if (System.nanoTime() >= deadline) {
                            return;
                        }
                    }
                    List<Tasks.Task> batch = batchOf(batchSize, make);
                    String body = batchSize == 1 ? batch.get(0).json().toString() : Tasks.array(batch);
                    long t0 = System.nanoTime();
                    HttpResponse<String> answer = call(BASE, token, "POST", "trace-tasks", body);
                    long t1 = System.nanoTime();
                    int status = answer.statusCode();
                    p.acceptLatency.add(t1 - t0);
                    answer.headers().firstValue("Trace-Relay-Paced-Ms").ifPresent(ms -> {
                        p.pacedRequests.incrementAndGet();
                        p.pacedMillis.addAndGet(Long.parseLong(ms));
                    });
                    if (status == 202) {
                        batch.forEach(task -> p.ackedAt.put(task.rootSpanId(), t1));
                        p.accepted.addAndGet(batch.size());
                    } else {
                        p.refused.addAndGet(batch.size());
                    }
                }
            });
        }
        return finish(p, pool);
    }

    Map<String, Object> jms(String name, int secs, Function<String, Tasks.Task> make) throws Exception {
        Phase p = new Phase(name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(BROKER)) {
            p.begin();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    try (JMSContext ctx = cf.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
                        Queue queue = ctx.createQueue("TraceTasks");
                        // The producer's tenant is the one its token names (the body cannot choose).
                        JMSProducer producer = ctx.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                                .setProperty("trace_relay_token", token);
                        while (System.nanoTime() < deadline) {
                            List<Tasks.Task> batch = batchOf(100, make);
                            byte[] body = Tasks.array(batch).getBytes(StandardCharsets.UTF_8);
                            long t0 = System.nanoTime();
                            producer.send(queue, body);
                            long t1 = System.nanoTime();
                            p.acceptLatency.add(t1 - t0);
                            batch.forEach(task -> p.ackedAt.put(task.rootSpanId(), t1));
                            p.accepted.addAndGet(batch.size());
                        }
                    }
                });
            }
            return finish(p, pool);
        }
    }

    static final String PEER = "OpenTelemetry Collector (OTLP/HTTP, batch, file_storage queue): batches of 100 workflows, all-out";

    /**
     * The peer a user would pick instead of the relay: the OpenTelemetry Collector bin/bench builds
     * (bench/otelcol), started here with a fresh file_storage queue and exporting to the same
     * fake collector. The client threads post the spans the relay makes of the rest-workflow
     * phase's tasks, as OTLP/HTTP protobuf; a 200 is an accepted batch.
     */
    void peer(String name, int secs) throws Exception {
        Path binary = Path.of(opts.getOrDefault("peer-binary", "bench/target/otelcol/otelcol-peer"));
        if (!Files.isExecutable(binary)) {
            System.out.println(name + ": skipped, no " + binary + " (bin/bench builds it when Go is on PATH)");
            return;
        }
        Path storage = Path.of(opts.getOrDefault("peer-storage", "bench/target/otelcol/storage"));
        if (Files.exists(storage)) {
            try (var files = Files.walk(storage)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        String port = opts.getOrDefault("peer-port", "14330");
        ProcessBuilder pb = new ProcessBuilder(binary.toString(), "--config", opts.getOrDefault("peer-config", "bench/otelcol/config.yaml"))
                .redirectErrorStream(true).redirectOutput(binary.resolveSibling("otelcol-peer.log").toFile());
        pb.environment().put("PEER_RECEIVER_PORT", port);
        pb.environment().put("PEER_EXPORTER_ENDPOINT", collector.endpoint());
        pb.environment().put("PEER_STORAGE_DIR", storage.toAbsolutePath().toString());
        Process peer = pb.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/traces");
            byte[] empty = ExportTraceServiceRequest.getDefaultInstance().toByteArray();
            for (int i = 0; i < 300 && peer.isAlive() && postOtlp(uri, empty) != 200; i++) {
                sleepNanos(100_000_000L);
            }
            if (postOtlp(uri, empty) != 200) {
                throw new IllegalStateException("the peer collector did not come up; see " + binary.resolveSibling("otelcol-peer.log"));
            }
            List<String> peerApps = apps.isEmpty() ? List.of("app-1", "app-2", "app-3", "app-4") : apps;
            Phase p = new Phase(name, Map.of("peer", ProcessStats.of(peer.pid())));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
            p.begin();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        List<String> roots = new ArrayList<>(100);
                        byte[] body = Tasks.workflowSpans(peerApps, 100, roots).toByteArray();
                        long t0 = System.nanoTime();
                        int status = postOtlp(uri, body);
                        long t1 = System.nanoTime();
                        p.acceptLatency.add(t1 - t0);
                        if (status == 200) {
                            roots.forEach(root -> p.ackedAt.put(root, t1));
                            p.accepted.addAndGet(roots.size());
                        } else {
                            p.refused.addAndGet(roots.size());
                        }
                    }
                });
            }
            Map<String, Object> r = finish(p, pool);
            // A workflow is six spans: the run and its five nodes.
            r.put("accepted_spans_per_s", ((Number) r.get("accepted_tasks_per_s")).doubleValue() * 6);
        } finally {
            peer.destroy();
            if (!peer.waitFor(30, TimeUnit.SECONDS)) {
                peer.destroyForcibly();
            }
        }
    }

    static int postOtlp(URI uri, byte[] body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The broker alone: the same persistent sends to a queue nothing consumes, then drained. */
    void baseline(String name, int secs, int messageBytes) throws Exception {
        Phase p = new Phase(name);
        byte[] body = "x".repeat(messageBytes).getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
        AtomicLong sent = new AtomicLong();
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(BROKER)) {
            p.begin();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    try (JMSContext ctx = cf.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE)) {
                        Queue queue = ctx.createQueue("TraceRelayBaseline");
                        JMSProducer producer = ctx.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT);
                        while (System.nanoTime() < deadline) {
                            long t0 = System.nanoTime();
                            producer.send(queue, body);
                            p.acceptLatency.add(System.nanoTime() - t0);
                            sent.incrementAndGet();
                        }
                    }
                });
            }
            sampleUntil(p, pool, deadline);
            p.ended = System.nanoTime();
            double elapsed = (p.ended - p.started) / 1e9;
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("messages_per_s", sent.get() / elapsed);
            r.put("tasks_per_s_equivalent", sent.get() * 100 / elapsed);
            r.put("send_latency_p50_ms", p.acceptLatency.percentile(50));
            r.put("send_latency_p99_ms", p.acceptLatency.percentile(99));
            processes(p, r);
            results.put(name, r);
            try (JMSContext ctx = cf.createContext("producer", "producer", JMSContext.AUTO_ACKNOWLEDGE);
                 JMSConsumer drain = ctx.createConsumer(ctx.createQueue("TraceRelayBaseline"))) {
                while (drain.receive(2000) != null) {
                    // the journal gives the space back
                }
            }
        }
    }

    Map<String, Object> finish(Phase p, ExecutorService pool) throws Exception {
        sampleUntil(p, pool, Long.MAX_VALUE);
        p.ended = System.nanoTime();
        long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, seconds * 2L));
        while (System.nanoTime() < waitUntil && !collector.firstArrival.keySet().containsAll(p.ackedAt.keySet())) {
            sampleOnce(p);
            sleepNanos(200_000_000L);
        }
        Stats toDelivered = new Stats();
        long lastArrival = p.started;
        int missing = 0;
        for (Map.Entry<String, Long> e : p.ackedAt.entrySet()) {
            Long arrived = collector.firstArrival.get(e.getKey());
            if (arrived == null) {
                missing++;
            } else {
                toDelivered.add(Math.max(0, arrived - e.getValue()));
                lastArrival = Math.max(lastArrival, arrived);
            }
        }
        double loadSeconds = (p.ended - p.started) / 1e9;
        double deliverySeconds = (lastArrival - p.started) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("accepted_tasks", p.accepted.get());
        r.put("refused_tasks", p.refused.get());
        r.put("accepted_tasks_per_s", p.accepted.get() / loadSeconds);
        boolean anyDelivered = missing < p.accepted.get();
        r.put("delivered_tasks_per_s", anyDelivered ? (p.accepted.get() - missing) / deliverySeconds : Double.NaN);
        r.put("delivered_spans_per_s", anyDelivered ? (collector.spans.get() - p.spansBefore) / deliverySeconds : Double.NaN);
        if (p.acceptLatency.count() > 0) {
            r.put("paced_share_of_requests", p.pacedRequests.get() / (double) p.acceptLatency.count());
            r.put("paced_ms_mean", p.pacedRequests.get() == 0 ? 0.0 : p.pacedMillis.get() / (double) p.pacedRequests.get());
        }
        r.put("accept_p50_ms", p.acceptLatency.percentile(50));
        r.put("accept_p99_ms", p.acceptLatency.percentile(99));
        r.put("accept_max_ms", p.acceptLatency.max());
        r.put("accept_to_delivered_p50_ms", toDelivered.percentile(50));
        r.put("accept_to_delivered_p99_ms", toDelivered.percentile(99));
        r.put("not_delivered", missing);
        processes(p, r);
        // CPU per task of the watched processes (the relay: WildFly and PostgreSQL) over the phase
        // and its delivery: steal time and the client's share do not enter it, so it moves less
        // between runs than the rates do.
        long delivered = p.accepted.get() - missing;
        if (delivered > 0) {
            double cpu = p.watched.keySet().stream().mapToDouble(k -> ((Number) r.get(k + "_cpu_s")).doubleValue()).sum();
            r.put("cpu_ms_per_delivered_task", 1000 * cpu / delivered);
        }
        results.put(p.name, r);
        return r;
    }

    void sampleUntil(Phase p, ExecutorService pool, long deadline) throws InterruptedException {
        pool.shutdown();
        while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            sampleOnce(p);
        }
        sampleOnce(p);
    }

    void sampleOnce(Phase p) {
        p.watched.forEach((k, proc) -> p.maxRss.merge(k, proc.rssBytes(), Math::max));
    }

    /** CPU seconds since the phase began, % of one core and share of all cores, and the RSS peak (PSS for PostgreSQL's processes). */
    void processes(Phase p, Map<String, Object> r) {
        sampleOnce(p);
        double elapsed = (System.nanoTime() - p.started) / 1e9;
        p.watched.forEach((k, proc) -> {
            double cpu = proc.cpuSeconds() - p.cpuBefore.get(k);
            r.put(k + "_cpu_s", cpu);
            r.put(k + "_cpu_percent", 100 * cpu / elapsed);
            r.put(k + "_cpu_share_of_cores", cpu / elapsed / Runtime.getRuntime().availableProcessors());
            r.put(k + "_rss_mb", p.maxRss.getOrDefault(k, 0L) >> 20);
        });
    }

    static void sleepNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- report

    void print() {
        System.out.println();
        System.out.printf("%-72s %s%n", "phase", "figures");
        results.forEach((name, r) -> {
            StringBuilder line = new StringBuilder();
            r.forEach((k, v) -> line.append(k).append('=').append(v instanceof Double d ? String.format("%.1f", d) : v).append("  "));
            System.out.printf("%-72s %s%n", name, line);
        });
        System.out.println();
        Map<String, Object> ratios = new LinkedHashMap<>();
        ratio(ratios, "rest_all_out_delivered_over_broker_raw", "delivered tasks/s (REST all-out) / broker raw send rate in tasks/s",
                "REST batches of 100 messages, all-out", "delivered_tasks_per_s", "broker raw", "tasks_per_s_equivalent");
        ratio(ratios, "relay_workflow_delivered_spans_over_peer", "delivered spans/s, Trace Relay (REST workflows) / the OpenTelemetry Collector peer",
                "REST batches of 100 workflows", "delivered_spans_per_s", PEER, "delivered_spans_per_s");
        if (!ratios.isEmpty()) {
            results.put("ratio", ratios);
        }
    }

    /** One figure of one phase over one of another, when both phases ran in this run. */
    void ratio(Map<String, Object> into, String key, String label, String phase, String figure, String basePhase, String baseFigure) {
        Object top = results.entrySet().stream().filter(e -> e.getKey().startsWith(phase)).map(e -> e.getValue().get(figure))
                .findFirst().orElse(null);
        Object bottom = results.entrySet().stream().filter(e -> e.getKey().startsWith(basePhase)).map(e -> e.getValue().get(baseFigure))
                .findFirst().orElse(null);
        if (top instanceof Number t && bottom instanceof Number b) {
            double ratio = t.doubleValue() / b.doubleValue();
            System.out.printf("%s: %.3f%n", label, ratio);
            into.put(key, ratio);
        }
    }

    String toJson() {
        JsonObjectBuilder root = Json.createObjectBuilder();
        results.forEach((name, r) -> {
            JsonObjectBuilder o = Json.createObjectBuilder();
            r.forEach((k, v) -> {
                if (v instanceof Number n) {
                    double d = n.doubleValue();
                    if (Double.isNaN(d) || Double.isInfinite(d)) {
                        o.addNull(k);
                    } else if (n instanceof Long || n instanceof Integer) {
                        o.add(k, n.longValue());
                    } else {
                        o.add(k, d);
                    }
                } else {
                    o.add(k, String.valueOf(v));
                }
            });
            root.add(name, o);
        });
        return root.build().toString();
    }
}
