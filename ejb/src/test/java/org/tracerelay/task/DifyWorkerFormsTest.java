package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tracerelay.refusal.Violation;

/**
 * The forms in which Dify's worker writes its TaskData (pydantic {@code model_dump_json()}), each
 * accepted by the validator without a container: aware UTC timestamps with microseconds, the
 * Message row as a dict, prompt messages as inputs, the tenant-scoped storage id.
 */
class DifyWorkerFormsTest {

    private static final String APP = "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c";
    private static final String TENANT = "2a7c4e1f-9b3d-4f6a-8c5e-0d1b3f5a7c9e";
    /** The IT's fixtures, one TaskData per type; the unit build checks them too, as the IT cannot run offline. */
    private static final Path FIXTURES = Path.of("..", "integration-tests", "src", "test", "resources", "dify-worker");

    /** The type names Dify's consumer rebuilds payloads from (dify-ops-core 1.13). */
    private static final List<String> DIFY_REGISTRY = List.of("DatasetRetrievalTraceInfo", "DraftNodeExecutionTrace",
            "GenerateNameTraceInfo", "MessageTraceInfo", "ModerationTraceInfo", "PromptGenerationTraceInfo",
            "SuggestedQuestionTraceInfo", "ToolTraceInfo", "WorkflowNodeTraceInfo", "WorkflowTraceInfo");
    private static final Pattern AWARE_UTC_MICROS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}(Z|\\+00:00)");

    private final EnvelopeValidator validator = new EnvelopeValidator();

    private static JsonObject task(String appId, TraceInfoType type, JsonObjectBuilder info) {
        return Json.createObjectBuilder().add("app_id", appId).add("trace_info_type", type.name()).add("trace_info", info).build();
    }

    private List<Violation> violations(JsonObject task) {
        return validator.validate(task, "items[0]").violations();
    }

    private static JsonArray promptMessages() {
        return Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "system").add("text", "You are a weather assistant.")
                        .add("files", Json.createArrayBuilder()))
                .add(Json.createObjectBuilder().add("role", "user").add("text", "Weather in Berlin?")
                        .add("files", Json.createArrayBuilder()))
                .build();
    }

    @Test
    void awareUtcTimestampsWithMicrosecondsAreAcceptedAndReadToTheMicrosecond() {
        for (String[] window : new String[][] {
            {"2026-11-30T10:15:30.123456Z", "2026-11-30T10:15:32.654321Z"},
            {"2026-11-30T10:15:30.123456+00:00", "2026-11-30T10:15:32.654321+00:00"},
        }) {
            JsonObjectBuilder info = EnvelopeValidatorTest.minimal(TraceInfoType.ModerationTraceInfo)
                    .add("start_time", window[0]).add("end_time", window[1]);
            assertEquals(List.of(), violations(task(APP, TraceInfoType.ModerationTraceInfo, info)), window[0]);
            assertEquals(Instant.parse("2026-11-30T10:15:30.123456Z"), Timestamps.parse(window[0]));
            assertEquals(Instant.parse("2026-11-30T10:15:32.654321Z"), Timestamps.parse(window[1]));
        }
    }

    @Test
    void nodeExecutionsOfAWorkflowTakeAwareTimestampsToo() {
        JsonObjectBuilder node = EnvelopeValidatorTest.minimal(TraceInfoType.WorkflowNodeTraceInfo)
                .add("start_time", "2026-11-30T10:15:30.312870+00:00").add("end_time", "2026-11-30T10:15:32.277405Z");
        JsonObjectBuilder info = EnvelopeValidatorTest.minimal(TraceInfoType.WorkflowTraceInfo)
                .add("start_time", "2026-11-30T10:15:30.123456Z").add("node_executions", Json.createArrayBuilder().add(node));
        assertEquals(List.of(), violations(task(APP, TraceInfoType.WorkflowTraceInfo, info)));
    }

    @Test
    void messageDataAsTheMessageRowsDictIsAccepted() {
        // Message.to_dict(): str(datetime) timestamps (space, no offset), metadata as JSON text.
        JsonObject message = Json.createObjectBuilder()
                .add("id", "1d3f5b7d-9f1b-4d3f-a5b7-d9f1b3d5f7a9").add("app_id", APP)
                .add("conversation_id", "6f1a3c5e-7b9d-4f1a-8c3e-5a7c9e1b3d5f").add("model_id", "gpt-4o-mini")
                .add("inputs", Json.createObjectBuilder().add("city", "Berlin")).add("message", promptMessages())
                .add("answer", "4 °C, light rain").add("total_price", "0.0001194").add("status", "normal").addNull("error")
                .add("message_metadata", "{\"usage\": {\"time_to_first_token\": 0.41}}")
                .add("created_at", "2026-11-30 10:20:05.004211").add("updated_at", "2026-11-30 10:20:07.290118")
                .build();
        for (TraceInfoType type : List.of(TraceInfoType.MessageTraceInfo, TraceInfoType.ModerationTraceInfo,
                TraceInfoType.SuggestedQuestionTraceInfo, TraceInfoType.DatasetRetrievalTraceInfo, TraceInfoType.ToolTraceInfo)) {
            JsonObjectBuilder info = EnvelopeValidatorTest.minimal(type).add("message_data", message);
            assertEquals(List.of(), violations(task(APP, type, info)), type.name());
        }
    }

    @Test
    void inputsAsAListOfPromptMessagesAreAccepted() {
        JsonObjectBuilder info = EnvelopeValidatorTest.minimal(TraceInfoType.MessageTraceInfo)
                .add("inputs", promptMessages()).add("outputs", "4 °C, light rain");
        EnvelopeValidator.Result r = validator.validate(task(APP, TraceInfoType.MessageTraceInfo, info), "items[0]");
        assertEquals(List.of(), r.violations());
        assertEquals(promptMessages(), r.envelope().traceInfo().get("inputs"), "kept as the worker wrote them");
    }

    @Test
    void theTenantScopedStorageIdIsATaskOfThatTenantWithoutAnApp() {
        JsonObjectBuilder info = EnvelopeValidatorTest.minimal(TraceInfoType.PromptGenerationTraceInfo)
                .add("tenant_id", TENANT).addNull("app_id").add("start_time", "2026-11-30T10:31:12.500004+00:00");
        EnvelopeValidator.Result r = validator.validate(task("tenant-" + TENANT, TraceInfoType.PromptGenerationTraceInfo, info),
                "items[0]");
        assertEquals(List.of(), r.violations());
        assertNull(r.envelope().appId());
        assertEquals(TENANT, r.envelope().tenantId());
    }

    @Test
    void everyFixtureOfTheDifyWorkerIntegrationTestIsAValidTaskOfItsType() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(FIXTURES)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(DIFY_REGISTRY, files.stream().map(f -> f.getFileName().toString().replace(".json", "")).sorted().toList(),
                "one fixture per type of Dify's trace_info_info_map");
        for (Path file : files) {
            String name = file.getFileName().toString();
            String text = Files.readString(file, StandardCharsets.UTF_8).replace("{{tenant_id}}", TENANT).replace("{{app_id}}", APP);
            JsonObject task = Json.createReader(new StringReader(text)).readObject();
            EnvelopeValidator.Result r = validator.validate(task, "items[0]");
            assertEquals(List.of(), r.violations(), name);
            assertEquals(name.replace(".json", ""), r.envelope().type().name());
            boolean tenantScoped = task.getString("app_id").startsWith(EnvelopeValidator.TENANT_SCOPED_PREFIX);
            assertEquals(tenantScoped ? null : APP, r.envelope().appId(), name);
            assertEquals(tenantScoped ? TENANT : null, r.envelope().tenantId(), name);
            JsonObject info = r.envelope().traceInfo();
            for (String field : List.of("start_time", "end_time")) {
                assertTrue(AWARE_UTC_MICROS.matcher(info.getString(field)).matches(), name + " " + field + " as pydantic writes it");
            }
            assertTrue(Timestamps.parse(info.getString("start_time")).isBefore(Timestamps.parse(info.getString("end_time"))), name);
        }
    }
}
