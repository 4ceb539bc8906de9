package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tracerelay.it.FakeEnterpriseCollector.Signal;

/**
 * The enterprise collector receives, for one task of every type sent through REST, exactly the
 * spans, logs and metrics of the data dictionary: over OTLP/HTTP and OTLP/gRPC, with content
 * included and excluded, sampled at 1.0 and 0.0, and counted once across a refused export and a
 * restart. Each test starts the server with its own ENTERPRISE_* settings.
 */
class EnterpriseTelemetryRestartIT extends ManualServerIT {

    private static String settings(String protocol, String endpoint, boolean content, double rate) {
        return System.getProperty("it.jvm.base") + " -Dtrace.relay.master.key=" + System.getProperty("it.master.key")
                + " -DENTERPRISE_ENABLED=true -DENTERPRISE_TELEMETRY_ENABLED=true -DENTERPRISE_OTLP_PROTOCOL=" + protocol
                + " -DENTERPRISE_OTLP_ENDPOINT=" + endpoint + " -DENTERPRISE_OTLP_HEADERS=x-scope-orgid=tenant%201,authorization=ignored"
                + " -DENTERPRISE_OTLP_API_KEY=ent-key -DENTERPRISE_INCLUDE_CONTENT=" + content
                + " -DENTERPRISE_OTEL_SAMPLING_RATE=" + rate + " -DENTERPRISE_SERVICE_NAME=dify-it"
                + " -Dtrace.enterprise.metrics-interval=PT1S";
    }

    private static String registerApp(String tenant) {
        String app = UUID.randomUUID().toString();
        Relay.expect(201, Relay.send("PUT", "apps/" + app, Tokens.of(tenant, "editor"), "{\"name\":\"ent\",\"mode\":\"workflow\"}"));
        return app;
    }

    private static void send(String tenant, List<JsonObject> tasks) {
        Relay.expect(202, Relay.send("POST", "trace-tasks", Tokens.of(tenant, "producer"),
                Samples.array(tasks.toArray(JsonObject[]::new))));
    }

    private static List<LogRecord> logsOf(FakeEnterpriseCollector c, String tenant) {
        return c.acceptedLogs().stream().filter(l -> tenant.equals(FakeEnterpriseCollector.text(l.getAttributesList(), "tenant_id")))
                .toList();
    }

    private static Map<String, Long> eventCounts(List<LogRecord> logs) {
        return logs.stream().collect(Collectors.groupingBy(
                l -> FakeEnterpriseCollector.text(l.getAttributesList(), "dify.event.name"), TreeMap::new, Collectors.counting()));
    }

    /** dify.requests.total of one tenant, by type, from the newest metrics request. */
    private static Map<String, Long> requestsByType(FakeEnterpriseCollector c, String tenant) {
        Metric m = c.latestMetrics().get("dify.requests.total");
        if (m == null) {
            return Map.of();
        }
        return m.getSum().getDataPointsList().stream()
                .filter(p -> tenant.equals(FakeEnterpriseCollector.text(p.getAttributesList(), "tenant_id")))
                .collect(Collectors.groupingBy(p -> FakeEnterpriseCollector.text(p.getAttributesList(), "type"), TreeMap::new,
                        Collectors.summingLong(NumberDataPoint::getAsInt)));
    }

    private static final Map<String, Long> EVERY_TYPE_REQUESTS = new TreeMap<>(Map.of("workflow", 1L, "node", 3L,
            "draft_node", 1L, "message", 1L, "tool", 1L, "moderation", 1L, "suggested_question", 1L,
            "dataset_retrieval", 1L, "generate_name", 1L, "prompt_generation", 1L));

    @Test
    void everySignalOverHttpCountedOnceAcrossARefusedExportAndARestart() throws Exception {
        try (FakeEnterpriseCollector collector = new FakeEnterpriseCollector()) {
            AtomicBoolean refuseFirstLogs = new AtomicBoolean(true);
            collector.refuse(s -> s == Signal.LOGS && refuseFirstLogs.getAndSet(false));
            String args = settings("http", collector.httpEndpoint(), true, 1.0);
            controller.start(SERVER, Map.of("javaVmArguments", args));
            deployer.deploy(RELAY);
            try {
                String tenant = "ent-http-" + UUID.randomUUID();
                EnterpriseSamples samples = new EnterpriseSamples(tenant, registerApp(tenant));
                send(tenant, samples.everyType());

                Relay.await("every log", Duration.ofSeconds(60), () -> logsOf(collector, tenant).size() == 16);
                Map<String, Long> expectedEvents = new TreeMap<>();
                for (String e : List.of("dify.workflow.run", "dify.node.execution.draft", "dify.message.run",
                        "dify.tool.execution", "dify.moderation.check", "dify.suggested_question.generation",
                        "dify.dataset.retrieval", "dify.generate_name.execution", "dify.prompt_generation.execution",
                        "dify.app.created", "dify.app.updated", "dify.app.deleted", "dify.feedback.created")) {
                    expectedEvents.put(e, 1L);
                }
                expectedEvents.put("dify.node.execution", 3L);
                assertEquals(expectedEvents, eventCounts(logsOf(collector, tenant)), "each log once, the refused request retried");
                assertTrue(collector.requests(Signal.LOGS).stream().anyMatch(r -> !r.accepted()), "one logs request was refused");

                List<Span> spans = collector.acceptedSpans().stream()
                        .filter(s -> tenant.equals(FakeEnterpriseCollector.text(s.getAttributesList(), "dify.tenant_id"))).toList();
                // The refused logs request made the batch go again: its spans were resent with the same
                // ids, which a collector dedupes on (at least once for spans, exactly once for counts).
                assertEquals(Map.of("dify.workflow.run", 1L, "dify.node.execution", 3L, "dify.node.execution.draft", 1L),
                        spans.stream().collect(Collectors.groupingBy(Span::getName, Collectors.mapping(
                                s -> s.getSpanId(), Collectors.collectingAndThen(Collectors.toSet(), set -> (long) set.size())))));
                Span root = spans.stream().filter(s -> s.getName().equals("dify.workflow.run")).findFirst().orElseThrow();
                assertEquals(samples.run.replace("-", ""), HexFormat.of().formatHex(root.getTraceId().toByteArray()));
                spans.stream().filter(s -> s.getName().equals("dify.node.execution"))
                        .forEach(n -> assertEquals(root.getSpanId(), n.getParentSpanId()));
                LogRecord workflowLog = logsOf(collector, tenant).stream().filter(l -> "dify.workflow.run".equals(
                        FakeEnterpriseCollector.text(l.getAttributesList(), "dify.event.name"))).findFirst().orElseThrow();
                assertEquals(root.getTraceId(), workflowLog.getTraceId());
                assertEquals(root.getSpanId(), workflowLog.getSpanId());
                assertEquals("span_detail", FakeEnterpriseCollector.text(workflowLog.getAttributesList(), "dify.event.signal"));
                assertEquals("{\"query\":\"What is the weather?\"}",
                        FakeEnterpriseCollector.text(workflowLog.getAttributesList(), "dify.workflow.inputs"));

                Relay.await("every request counted", Duration.ofSeconds(60),
                        () -> requestsByType(collector, tenant).equals(EVERY_TYPE_REQUESTS));
                Map<String, Metric> metrics = collector.latestMetrics();
                Metric requests = metrics.get("dify.requests.total");
                assertEquals("{request}", requests.getUnit());
                assertTrue(requests.getSum().getIsMonotonic());
                assertEquals(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE, requests.getSum().getAggregationTemporality());
                assertEquals("{token}", metrics.get("dify.tokens.total").getUnit());
                for (String name : List.of("dify.tokens.input", "dify.tokens.output", "dify.feedback.total",
                        "dify.dataset.retrievals.total", "dify.app.created.total", "dify.app.updated.total",
                        "dify.app.deleted.total", "dify.workflow.duration", "dify.node.duration", "dify.message.duration",
                        "dify.message.time_to_first_token", "dify.tool.duration", "dify.prompt_generation.duration")) {
                    assertTrue(metrics.containsKey(name), name);
                }
                Metric nodeDuration = metrics.get("dify.node.duration");
                assertEquals("s", nodeDuration.getUnit());
                HistogramDataPoint toolNode = nodeDuration.getHistogram().getDataPointsList().stream()
                        .filter(p -> tenant.equals(FakeEnterpriseCollector.text(p.getAttributesList(), "tenant_id"))
                                && "tool".equals(FakeEnterpriseCollector.text(p.getAttributesList(), "node_type")))
                        .findFirst().orElseThrow();
                assertEquals("weather", FakeEnterpriseCollector.text(toolNode.getAttributesList(), "plugin_name"));
                assertEquals(1, toolNode.getCount());
                assertEquals(15, toolNode.getExplicitBoundsCount());
                Map<String, String> resource = collector.requests(Signal.METRICS).get(0).request() instanceof
                        io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest r
                        ? r.getResourceMetrics(0).getResource().getAttributesList().stream().collect(Collectors.toMap(
                                io.opentelemetry.proto.common.v1.KeyValue::getKey, kv -> kv.getValue().getStringValue()))
                        : Map.of();
                assertEquals("dify-it", resource.get("service.name"));
                assertFalse(resource.get("host.name").isEmpty());

                FakeEnterpriseCollector.Received any = collector.requests(Signal.TRACES).get(0);
                assertEquals("Bearer ent-key", any.headers().get("authorization"), "the API key wins over a configured header");
                assertEquals("tenant 1", any.headers().get("x-scope-orgid"));

                // A restart neither resets nor repeats a total: they live in the database.
                long startTime = requests.getSum().getDataPointsList().stream()
                        .filter(p -> tenant.equals(FakeEnterpriseCollector.text(p.getAttributesList(), "tenant_id")))
                        .findFirst().orElseThrow().getStartTimeUnixNano();
                controller.stop(SERVER);
                int before = collector.requests(Signal.METRICS).size();
                controller.start(SERVER, Map.of("javaVmArguments", args));
                Relay.await("metrics after the restart", Duration.ofSeconds(60),
                        () -> collector.requests(Signal.METRICS).size() > before + 1);
                assertEquals(EVERY_TYPE_REQUESTS, requestsByType(collector, tenant));
                assertEquals(startTime, collector.latestMetrics().get("dify.requests.total").getSum().getDataPointsList().stream()
                        .filter(p -> tenant.equals(FakeEnterpriseCollector.text(p.getAttributesList(), "tenant_id")))
                        .findFirst().orElseThrow().getStartTimeUnixNano());
            } finally {
                deployer.undeploy(RELAY);
                controller.stop(SERVER);
            }
        }
    }

    @Test
    void grpcWithSamplingZeroAndContentExcluded() throws Exception {
        try (FakeEnterpriseCollector collector = new FakeEnterpriseCollector()) {
            controller.start(SERVER, Map.of("javaVmArguments", settings("grpc", collector.grpcEndpoint(), false, 0.0)));
            deployer.deploy(RELAY);
            try {
                String tenant = "ent-grpc-" + UUID.randomUUID();
                EnterpriseSamples samples = new EnterpriseSamples(tenant, registerApp(tenant));
                send(tenant, List.of(samples.workflow(), samples.message(), samples.feedback()));

                Relay.await("logs of workflow, nodes, message and feedback", Duration.ofSeconds(60),
                        () -> logsOf(collector, tenant).size() == 6);
                Relay.await("metrics", Duration.ofSeconds(30), () -> requestsByType(collector, tenant)
                        .equals(Map.of("workflow", 1L, "node", 3L, "message", 1L)));
                assertTrue(collector.acceptedSpans().isEmpty(), "sampling 0.0 drops every span, never a log or a metric");

                List<LogRecord> logs = logsOf(collector, tenant);
                LogRecord workflow = logs.stream().filter(l -> "dify.workflow.run".equals(
                        FakeEnterpriseCollector.text(l.getAttributesList(), "dify.event.name"))).findFirst().orElseThrow();
                assertEquals("ref:workflow_run_id=" + samples.run, FakeEnterpriseCollector.text(workflow.getAttributesList(), "dify.workflow.inputs"));
                assertEquals(samples.run.replace("-", ""), HexFormat.of().formatHex(workflow.getTraceId().toByteArray()),
                        "a dropped span's log still carries its trace id");
                LogRecord message = logs.stream().filter(l -> "dify.message.run".equals(
                        FakeEnterpriseCollector.text(l.getAttributesList(), "dify.event.name"))).findFirst().orElseThrow();
                assertEquals("ref:message_id=" + samples.message, FakeEnterpriseCollector.text(message.getAttributesList(), "dify.message.outputs"));
                LogRecord feedback = logs.stream().filter(l -> "dify.feedback.created".equals(
                        FakeEnterpriseCollector.text(l.getAttributesList(), "dify.event.name"))).findFirst().orElseThrow();
                assertFalse(FakeEnterpriseCollector.attributes(feedback.getAttributesList()).containsKey("dify.feedback.content"));

                FakeEnterpriseCollector.Received call = collector.requests(Signal.LOGS).get(0);
                assertEquals("Bearer ent-key", call.headers().get("authorization"));
                assertEquals("tenant 1", call.headers().get("x-scope-orgid"));
            } finally {
                deployer.undeploy(RELAY);
                controller.stop(SERVER);
            }
        }
    }
}
