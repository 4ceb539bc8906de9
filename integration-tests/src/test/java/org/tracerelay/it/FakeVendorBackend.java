package org.tracerelay.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A vendor's JSON API inside the test JVM (Langfuse over HTTP, LangSmith over HTTPS with the
 * test certificate the server trusts): records every request and answers per method and path.
 */
final class FakeVendorBackend implements AutoCloseable {

    /** {@code headers}: every request header, names lower-cased. */
    record Request(String method, String target, String authorization, String apiKey, String body, Map<String, String> headers) {
        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final String scheme;

    FakeVendorBackend(boolean tls, Function<Request, String[]> answer) throws Exception {
        if (tls) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(sslContext()));
            server = https;
            scheme = "https";
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            scheme = "http";
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("x-api-key"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), headers(exchange.getRequestHeaders()));
                requests.add(r);
                String[] a = answer.apply(r);
                byte[] body = a[1].getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(Integer.parseInt(a[0]), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private static Map<String, String> headers(Headers given) {
        Map<String, String> headers = new HashMap<>();
        given.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
        return headers;
    }

    private static SSLContext sslContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = FakeVendorBackend.class.getResourceAsStream("/tls/fake-backend.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Request> requests(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.target().startsWith(pathPrefix)).toList();
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
