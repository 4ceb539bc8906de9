package org.tracerelay.export.langfuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.FakeBackend;
import org.tracerelay.export.capture.Captured;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.export.otlp.OtlpHttp;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.task.TaskEnvelope;

/** The default path: Langfuse v4's OpenTelemetry ingestion, against a server that refuses the legacy events. */
class LangfuseOtelTest {

    FakeBackend langfuse;
    LangfuseExporter exporter;

    @BeforeEach
    void start() throws Exception {
        langfuse = new FakeBackend();
        langfuse.answer(LangfuseV4.server());
        exporter = LangfuseV4.exporter();
    }

    @AfterEach
    void stop() {
        langfuse.close();
    }

    /** As an admin saves it today: no ingestion field, so the default. */
    Destination destination() {
        return new Destination("langfuse/app", "langfuse", Tasks.APP, Map.of("public_key", "pk-lf", "secret_key", "sk-lf", "host", langfuse.url()));
    }

    static ExportItem item(String id, TaskEnvelope task) {
        return new ExportItem(id, task, Instant.parse("2026-11-21T10:00:00Z"));
    }

    Map<String, JsonObject> spansByName() {
        return Captured.spans(Captured.of(langfuse.requests())).stream()
                .collect(Collectors.toMap(s -> s.getString("name"), s -> s, (a, b) -> b));
    }

    static String attr(JsonObject span, String key) {
        JsonObject a = span.getJsonObject("attributes").getJsonObject(key);
        if (a == null) {
            throw new AssertionError(span.getString("name") + " has no " + key + ": " + span.getJsonObject("attributes").keySet());
        }
        return a.get("value") instanceof JsonString text ? text.getString() : String.valueOf(a.get("value"));
    }

    @Test
    void aV4ServerTakesTheDefaultExportOnItsOtlpEndpoint() {
        Map<String, ExportOutcome> outcomes = exporter.export(destination(), List.of(item("d1", Tasks.workflow("succeeded", ""))));

        assertEquals(Map.of("d1", ExportOutcome.delivered()), outcomes);
        List<FakeBackend.Request> requests = langfuse.requests();
        assertEquals(1, requests.size());
        FakeBackend.Request r = requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/api/public/otel/v1/traces", r.target());
        assertEquals("application/x-protobuf", r.headers().get("content-type"));
        assertEquals("4", r.headers().get("x-langfuse-ingestion-version"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("pk-lf:sk-lf".getBytes()), r.headers().get("authorization"));
    }

    @Test
    void theLegacyPathOnAV4ServerIsRefusedSoItStaysAChoice() {
        Destination legacy = new Destination("langfuse/app", "langfuse", Tasks.APP, Map.of("public_key", "pk-lf", "secret_key", "sk-lf",
                "host", langfuse.url(), "ingestion", "legacy"));
        ExportOutcome outcome = exporter.export(legacy, List.of(item("d1", Tasks.workflow("succeeded", "")))).get("d1");
        assertTrue(outcome.isDead());
        assertEquals("langfuse_400", outcome.code());
    }

    @Test
    void observationsCarryLangfusesAttributesAndTheTraceLevelOnesOnEverySpan() {
        exporter.export(destination(), List.of(item("d1", Tasks.workflow("failed", "boom"))));
        Map<String, JsonObject> spans = spansByName();

        JsonObject message = spans.get("message");
        assertEquals("", message.getString("parentSpanId"), "the root observation");
        assertEquals(TraceIds.hex(TraceIds.traceId(Tasks.MESSAGE)), message.getString("traceId"));
        assertEquals("span", attr(message, "langfuse.observation.type"));
        assertTrue(attr(message, "langfuse.observation.input").contains("What is the weather?"), "trace input on the root observation");
        assertTrue(attr(message, "langfuse.observation.output").contains("sunny"));

        JsonObject llm = spans.values().stream().filter(s -> attr(s, "langfuse.observation.type").equals("generation")).findFirst().orElseThrow();
        assertEquals("gpt-4", attr(llm, "langfuse.observation.model.name"));
        assertEquals("{\"input\":120,\"output\":85,\"total\":205}", attr(llm, "langfuse.observation.usage_details"));
        assertEquals(TraceIds.hex(TraceIds.spanId(Tasks.LLM_NODE)), llm.getString("spanId"));
        assertTrue(spans.values().stream().anyMatch(s -> attr(s, "langfuse.observation.type").equals("tool")));
        assertTrue(spans.values().stream().anyMatch(s -> attr(s, "langfuse.observation.type").equals("retriever")));

        JsonObject workflow = spans.values().stream().filter(s -> s.getJsonObject("attributes").containsKey("langfuse.observation.level"))
                .findFirst().orElseThrow(() -> new AssertionError("the failed workflow has no ERROR level"));
        assertEquals("ERROR", attr(workflow, "langfuse.observation.level"));
        assertEquals("boom", attr(workflow, "langfuse.observation.status_message"));
        assertEquals(2, workflow.getJsonObject("status").getInt("code"));

        for (JsonObject s : spans.values()) {
            assertEquals("message", attr(s, "langfuse.trace.name"), s.getString("name"));
            assertEquals("u-1", attr(s, "user.id"));
            assertEquals(Tasks.CONVERSATION, attr(s, "session.id"));
            assertEquals("array_value", s.getJsonObject("attributes").getJsonObject("langfuse.trace.tags").getString("type"));
            assertEquals("\"" + Tasks.APP + "\"", s.getJsonObject("attributes").getJsonObject("langfuse.trace.metadata.app_id").getString("value"));
        }
    }

    @Test
    void aResendRepeatsEveryId() {
        exporter.export(destination(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        exporter.export(destination(), List.of(item("d1", Tasks.workflow("succeeded", ""))));
        List<JsonObject> all = Captured.spans(Captured.of(langfuse.requests()));
        int half = all.size() / 2;
        assertFalse(all.isEmpty());
        for (int i = 0; i < half; i++) {
            assertEquals(all.get(i).getString("traceId"), all.get(half + i).getString("traceId"));
            assertEquals(all.get(i).getString("spanId"), all.get(half + i).getString("spanId"));
        }
    }

    @Test
    void aToolCallSentApartHangsUnderItsMessagesObservation() {
        exporter.export(destination(), List.of(item("m", Tasks.message("")), item("t", Tasks.tool(""))));
        Map<String, JsonObject> spans = spansByName();
        JsonObject message = spans.get("message");
        JsonObject tool = spans.values().stream().filter(s -> attr(s, "langfuse.observation.type").equals("tool")).findFirst().orElseThrow();
        assertEquals(message.getString("spanId"), tool.getString("parentSpanId"));
        assertEquals(message.getString("traceId"), tool.getString("traceId"));
    }

    @Test
    void ingestionIsOtelOrLegacy() {
        assertEquals("otel", LangfuseConfig.MODEL.fields().stream().filter(f -> f.name().equals("ingestion")).findFirst().orElseThrow().defaultValue());
        var rule = LangfuseConfig.MODEL.fields().stream().filter(f -> f.name().equals("ingestion")).findFirst().orElseThrow().rule();
        assertEquals("legacy", rule.apply(" Legacy "));
        assertThrows(IllegalArgumentException.class, () -> rule.apply("v3"));
    }
}
