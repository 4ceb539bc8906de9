package org.tracerelay.bench;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bin/bench --nodes N, one step: the nodes of bin/cluster that run now take REST batches at a fixed
 * rate, round robin, for apps whose backend answers each export after {@code --latency-ms}. The
 * offered rate is above what the backend's latency lets the nodes deliver, so delivered tasks/s
 * measure how far the drain scales with nodes, not the intake. CPU per node is reported beside it.
 *
 * Usage: ScaleOut --token T --nodes N [--latency-ms 50] [--rate 400] [--seconds 30] [--apps 2] --json FILE
 */
public final class ScaleOut {

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int nodes = Integer.parseInt(opts.get("nodes"));
        long latency = Long.parseLong(opts.getOrDefault("latency-ms", "50"));
        double rate = Double.parseDouble(opts.getOrDefault("rate", "400"));
        int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
        String token = opts.get("token");
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            bases.add("http://127.0.0.1:" + (8080 + 100 * i) + "/api/v1/");
        }
        try (Collector backend = new Collector(latency)) {
            List<String> apps = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(opts.getOrDefault("apps", "2")); i++) {
                apps.add(Benchmark.registerApp(bases.get(0), token, backend.endpoint()));
            }
            Map<String, ProcessStats> watched = new LinkedHashMap<>();
            for (int i = 1; i <= nodes; i++) {
                int node = i;
                ProcessStats.wildflyNode("node-" + node).ifPresent(p -> watched.put("node_" + node, p));
            }
            ProcessStats.postgres(opts.containsKey("pg-data") ? Path.of(opts.get("pg-data")) : null)
                    .ifPresent(p -> watched.put("postgres", p));

            AtomicLong accepted = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            int batch = 100;
            long interval = (long) (1e9 * batch / rate);
            AtomicLong nextSlot = new AtomicLong(start);
            AtomicLong turn = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            for (int t = 0; t < 16; t++) {
                pool.submit(() -> {
                    while (true) {
                        long slot = nextSlot.getAndAdd(interval);
                        if (slot >= deadline) {
                            return;
                        }
                        long wait = slot - System.nanoTime();
                        if (wait > 0) {
                            try {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                        List<Tasks.Task> tasks = new ArrayList<>(batch);
                        for (int i = 0; i < batch; i++) {
                            tasks.add(Tasks.message(apps.get(i % apps.size())));
                        }
                        String base = bases.get((int) (turn.getAndIncrement() % bases.size()));
                        (post(base, token, Tasks.array(tasks)) == 202 ? accepted : refused).addAndGet(batch);
                    }
                });
            }
            // Delivered is counted after a warm-up third, once every node's drains run.
            TimeUnit.SECONDS.sleep(seconds / 3);
            long spans0 = backend.spans.get();
            long t0 = System.nanoTime();
            Map<String, Double> cpu0 = new LinkedHashMap<>();
            watched.forEach((k, p) -> cpu0.put(k, p.cpuSeconds()));
            pool.shutdown();
            pool.awaitTermination(seconds + 60, TimeUnit.SECONDS);
            long t1 = System.nanoTime();
            long spans1 = backend.spans.get();
            double window = (t1 - t0) / 1e9;

            Map<String, Object> r = new LinkedHashMap<>();
            r.put("nodes", nodes);
            r.put("backend_latency_ms", latency);
            r.put("offered_tasks_per_s", rate);
            r.put("accepted_tasks_per_s", accepted.get() / ((t1 - start) / 1e9));
            r.put("refused_tasks", refused.get());
            r.put("delivered_tasks_per_s", (spans1 - spans0) / window);
            watched.forEach((k, p) -> {
                double used = p.cpuSeconds() - cpu0.get(k);
                r.put(k + "_cpu_percent", 100 * used / window);
                r.put(k + "_rss_mb", p.rssBytes() >> 20);
            });
            System.out.printf("%d node(s), backend %d ms per export, offered %.0f tasks/s: accepted %.0f/s, delivered %.0f/s%n",
                    nodes, latency, rate, r.get("accepted_tasks_per_s"), r.get("delivered_tasks_per_s"));
            r.forEach((k, v) -> {
                if (k.endsWith("_cpu_percent") || k.endsWith("_rss_mb")) {
                    System.out.printf("  %s %s%n", k, v instanceof Double d ? String.format("%.0f", d) : v);
                }
            });
            // The next step starts without this one's backlog: deleting an app deletes its tasks and deliveries.
            for (String app : apps) {
                Benchmark.call(bases.get(0), token, "DELETE", "apps/" + app, "");
            }
            JsonObjectBuilder json = Json.createObjectBuilder();
            r.forEach((k, v) -> {
                if (v instanceof Number n) {
                    json.add(k, n.doubleValue());
                }
            });
            Path out = Path.of(opts.getOrDefault("json", "bench/target/bench-nodes-" + nodes + ".json"));
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json.build().toString());
        }
        System.exit(0);
    }

    private static int post(String base, String token, String body) {
        try {
            return Benchmark.call(base, token, "POST", "trace-tasks", body).statusCode();
        } catch (IllegalStateException down) {
            return -1;
        }
    }
}
