package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Readiness on the management port fails while deliveries wait and nothing finishes, and the
 * relay's own metrics (backlog, outcomes) reach an OTLP collector through MicroProfile Telemetry.
 */
class ObservabilityRestartIT extends ManualServerIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Health(int status, JsonObject json) {
        Optional<String> check(String name) {
            return json.getJsonArray("checks").getValuesAs(JsonValue::asJsonObject).stream()
                    .filter(c -> c.getString("name").equals(name)).map(c -> c.getString("status")).findFirst();
        }
    }

    static Health health(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:9990/health/" + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Health(r.statusCode(), Json.createReader(new StringReader(r.body())).readObject());
    }

    static Optional<Metric> metric(FakeEnterpriseCollector c, String name) {
        return c.requests(FakeEnterpriseCollector.Signal.METRICS).stream()
                .flatMap(r -> ((ExportMetricsServiceRequest) r.request()).getResourceMetricsList().stream())
                .flatMap(rm -> rm.getScopeMetricsList().stream()).flatMap(sm -> sm.getMetricsList().stream())
                .filter(m -> m.getName().equals(name)).reduce((a, b) -> b);
    }

    @Test
    void aStalledBacklogIsAMetricAndNeverTakesReadinessDown() throws Exception {
        try (FakeEnterpriseCollector telemetry = new FakeEnterpriseCollector(); FakeOtlpCollector backend = new FakeOtlpCollector()) {
            controller.start(SERVER, Map.of("javaVmArguments", System.getProperty("it.jvm.base")
                    + " -Dtrace.relay.master.key=" + System.getProperty("it.master.key") + " -Dtrace.health.stall=PT5S"
                    + " -Dotel.sdk.disabled=false -Dotel.exporter.otlp.endpoint=" + telemetry.grpcEndpoint()
                    + " -Dotel.exporter.otlp.protocol=grpc -Dotel.metrics.exporter=otlp -Dotel.metric.export.interval=1000"
                    + " -Dotel.traces.exporter=none -Dotel.logs.exporter=none"));
            deployer.deploy(RELAY);
            try {
                Health ready = health("ready");
                assertEquals(Optional.of("UP"), ready.check("trace-relay-intake"), ready.json().toString());
                assertEquals(Optional.of("UP"), health("live").check("trace-relay-database"));

                backend.answer(r -> new FakeOtlpCollector.Answer(503, null));
                String app = Relay.appTracingTo("obs", backend.endpoint(), "");
                JsonObject[] tasks = new JsonObject[10];
                for (int i = 0; i < tasks.length; i++) {
                    tasks[i] = Samples.moderation(app, "stuck " + i);
                }
                Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of("obs", "producer"), Samples.array(tasks)));
                Relay.await("the stall metric", Duration.ofSeconds(30), () -> metric(telemetry, "trace_relay.delivery.stalled")
                        .map(m -> m.getGauge().getDataPointsList().stream().anyMatch(p -> p.getAsInt() == 1)).orElse(false));
                assertEquals(200, health("ready").status(), "a backend outage never takes the relay out of its load balancer");
                assertEquals(200, health("live").status(), "a backend outage never makes the relay unlive");

                Relay.await("backlog metric", Duration.ofSeconds(30), () -> metric(telemetry, "trace_relay.backlog")
                        .map(m -> m.getGauge().getDataPointsList().stream().anyMatch(p -> p.getAsInt() == 10)).orElse(false));
                Relay.await("retried outcomes counted", Duration.ofSeconds(30), () -> metric(telemetry, "trace_relay.deliveries")
                        .map(m -> m.getSum().getDataPointsList().stream().anyMatch(p -> p.getAttributesList().stream()
                                .anyMatch(kv -> kv.getValue().getStringValue().equals("retried")))).orElse(false));
                assertTrue(metric(telemetry, "trace_relay.backlog.oldest_age").isPresent());
                Relay.expect(400, Relay.send("POST", "trace-tasks", Tokens.of("obs", "producer"), "{\"nope\":1}"));
                Relay.await("rejects counted", Duration.ofSeconds(30), () -> metric(telemetry, "trace_relay.intake.rejected").isPresent());

                backend.answer(r -> FakeOtlpCollector.Answer.OK);
                Relay.await("delivered, and no longer stalled", Duration.ofSeconds(60), () ->
                        Relay.deliveries("obs", app, "delivered").size() == 10
                                && metric(telemetry, "trace_relay.delivery.stalled").map(m -> m.getGauge().getDataPointsList().stream()
                                        .allMatch(p -> p.getAsInt() == 0)).orElse(false));
            } finally {
                deployer.undeploy(RELAY);
                controller.stop(SERVER);
            }
        }
    }
}
