package org.tracerelay.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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

/**
 * A real observability server from the Python venv that {@code bin/python-backends} installs (MLflow,
 * Phoenix), started for one test on loopback ports with its state in a temporary folder, its output
 * in {@code target/<name>.log}, stopped with all its children on {@link #close()}.
 */
final class PythonBackend implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final Path log;
    final Duration startup;
    private final Process process;

    private PythonBackend(String name, Path log, Process process, Duration startup) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.startup = startup;
    }

    /** The venv's {@code bin/<executable>}; a missing venv fails the test with the command that installs it. */
    static Path executable(String executable) {
        String dir = System.getProperty("it.python.venv", System.getProperty("user.home") + "/.cache/trace-relay/py-venv");
        Path path = Path.of(dir, "bin", executable);
        if (!Files.isExecutable(path)) {
            throw new AssertionError("No " + path + ": the real MLflow and Phoenix servers live in the Python venv "
                    + dir + " (-Dit.python.venv); run bin/python-backends (TRACE_RELAY_PY_VENV=" + dir + ") first");
        }
        return path;
    }

    /** A port free on loopback now; the servers bind it a moment later. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * Starts {@code command} in {@code workDir} with {@code env} added, and waits until {@code ready}
     * answers 200, or fails with the log's tail when the process ends or {@code timeout} passes.
     */
    static PythonBackend start(String name, List<String> command, Path workDir, Map<String, String> env, URI ready,
            Duration timeout) throws IOException {
        Path log = Path.of(System.getProperty("it.target.dir", "target")).resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        PythonBackend backend = new PythonBackend(name, log, pb.start(), null);
        long deadline = start + timeout.toNanos();
        try {
            while (true) {
                if (!backend.process.isAlive()) {
                    throw new AssertionError(name + " exited with " + backend.process.exitValue() + " before it was ready:\n" + backend.tail());
                }
                if (answers(ready)) {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    System.out.println(name + " ready in " + took.toMillis() + " ms (log " + log + ")");
                    return new PythonBackend(name, log, backend.process, took);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(name + " not ready at " + ready + " after " + timeout.toSeconds() + " s:\n" + backend.tail());
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            backend.close();
            throw new AssertionError("interrupted starting " + name);
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    private static boolean answers(URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of the server's log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM to the server and every process under it, then SIGKILL to whatever is left after 10 s. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        // a child that forked after the list was taken
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Deletes a temporary state folder, best effort. */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left for the OS's tmp cleaner
        }
    }
}
