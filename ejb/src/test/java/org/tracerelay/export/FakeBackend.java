package org.tracerelay.export;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.tracerelay.export.http.ExportHttp;
import org.tracerelay.export.http.OutboundGuard;

/**
 * A vendor backend inside the test JVM: records each request (method, path and query, lower-cased
 * headers, body) and answers what the test tells it to, including answering too late.
 */
public final class FakeBackend implements AutoCloseable {

    public record Request(String method, String target, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public record Answer(int status, String body, Map<String, String> headers, Duration delay) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), Duration.ZERO);
        }

        public static Answer json(int status, String body) {
            return new Answer(status, body, Map.of("Content-Type", "application/json"), Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Answer> policy = r -> Answer.of(200, "");

    public FakeBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, in.readAllBytes());
                requests.add(r);
                Answer a = policy.apply(r);
                if (!a.delay().isZero()) {
                    Thread.sleep(a.delay().toMillis());
                }
                a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } catch (InterruptedException | IOException e) {
                // the client gave up (timeout test); nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void answer(Function<Request, Answer> newPolicy) {
        policy = newPolicy;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The shared HTTP client as the server builds it, allowed to reach loopback, with a short timeout. */
    public static ExportHttp http() {
        return new ExportHttp(Duration.ofMillis(1500), Duration.ofMillis(1000), new OutboundGuard(List.of("127.0.0.0/8")));
    }

    /** A port that accepts a connection and resets it at once. */
    public static String resettingUrl() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoLinger(true, 0);
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
