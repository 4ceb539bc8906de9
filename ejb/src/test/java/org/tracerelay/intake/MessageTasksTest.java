package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tracerelay.refusal.Violation;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.TaskEnvelope;

/**
 * The listener's reading of a message: the relay's own (REST validated and serialised its
 * envelopes) is read back without the rules and gives the same envelopes, so the same rows; a
 * producer's is validated item by item and refused on a violation.
 */
class MessageTasksTest {

    private static final String APP = "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c";
    private static final String TENANT = "2a7c4e1f-9b3d-4f6a-8c5e-0d1b3f5a7c9e";
    /** Dify's worker forms, one per type (the integration tests' fixtures). */
    private static final Path FIXTURES = Path.of("..", "integration-tests", "src", "test", "resources", "dify-worker");

    /** What a client posts: Dify's TaskData, one per type, one with an upper-case task_id. */
    static List<JsonObject> posted() throws IOException {
        List<JsonObject> tasks = new ArrayList<>();
        try (Stream<Path> listing = Files.list(FIXTURES)) {
            for (Path file : listing.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8).replace("{{tenant_id}}", TENANT).replace("{{app_id}}", APP);
                tasks.add(Json.createReader(new StringReader(text)).readObject());
            }
        }
        tasks.add(Json.createObjectBuilder(tasks.get(0)).add("task_id", "5F0E1D2C-3B4A-4968-8776-A5B4C3D2E1F0").build());
        return tasks;
    }

    /** The body IntakeGateway sends for them: validated, stamped with the caller's tenant, serialised. */
    static String relayBody(List<JsonObject> posted) {
        EnvelopeValidator validator = new EnvelopeValidator();
        JsonArrayBuilder batch = Json.createArrayBuilder();
        for (int i = 0; i < posted.size(); i++) {
            EnvelopeValidator.Result r = validator.validate(posted.get(i), "items[" + i + "]");
            assertEquals(List.of(), r.violations());
            batch.add(r.envelope().withTenant(TENANT).toJson());
        }
        return batch.build().toString();
    }

    @Test
    void theRelaysOwnMessageIsReadWithoutValidatingAgainAndGivesTheSameEnvelopes() throws IOException {
        List<JsonObject> posted = posted();
        String body = relayBody(posted);
        MessageTasks relayed = new MessageTasks();
        MessageTasks validated = new MessageTasks();

        MessageTasks.Read fast = relayed.read(utf8(body), "ID:1", true);
        MessageTasks.Read full = validated.read(utf8(body), "ID:1", false);

        assertEquals(List.of(), fast.violations());
        assertEquals(0, relayed.validated(), "not one item validated again");
        assertEquals(posted.size(), validated.validated());
        assertEquals(full.tasks(), fast.tasks(), "the envelopes the rows are made of");
        assertEquals(full.tasks().stream().map(t -> t.toJson().toString()).toList(),
                fast.tasks().stream().map(t -> t.toJson().toString()).toList(), "the payload that is sealed");
        assertEquals(fast.tasks().stream().map(t -> t.toJson().toString()).toList(),
                fast.tasks().stream().map(fast::textOf).toList(), "the text kept for each is the payload it would write");
        assertEquals(null, full.textOf(full.tasks().get(0)), "a producer's item is written from its validated envelope");
        TaskEnvelope scoped = fast.tasks().stream().filter(t -> t.appId() == null).findFirst().orElseThrow();
        assertEquals(TENANT, scoped.tenantId(), "a tenant-scoped task stays the tenant's");
        assertEquals("5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0", fast.tasks().get(posted.size() - 1).taskId());
    }

    @Test
    void aProducersMessageIsValidatedAndRefusedOnAViolation() throws IOException {
        List<JsonObject> posted = posted();
        JsonObject broken = Json.createObjectBuilder(posted.get(1)).add("trace_info_type", "NoSuchTraceInfo").build();
        String body = Json.createArrayBuilder().add(posted.get(0)).add(broken).build().toString();
        MessageTasks reader = new MessageTasks();

        MessageTasks.Read read = reader.read(utf8(body), "ID:2", false);

        assertEquals(2, reader.validated());
        assertEquals(List.of(new Violation("items[1].trace_info_type", "unknown trace_info_type 'NoSuchTraceInfo'")), read.violations());
    }

    @Test
    void aRelayItemThatDoesNotReadBackIsValidatedInFullAndRefused() throws IOException {
        // A type a newer node's REST accepted and this node lacks, mid-upgrade.
        JsonObject newer = Json.createObjectBuilder().add("task_id", "0b1c2d3e-4f50-4617-8283-949596979899").add("app_id", APP)
                .add("tenant_id", TENANT).add("trace_info_type", "FutureTraceInfo").add("trace_info", Json.createObjectBuilder()).build();
        String body = Json.createArrayBuilder().add(Json.createReader(new StringReader(relayBody(posted()))).readArray().get(0))
                .add(newer).build().toString();
        MessageTasks reader = new MessageTasks();

        MessageTasks.Read read = reader.read(utf8(body), "ID:3", true);

        assertEquals(1, reader.validated(), "only the item that did not read back");
        assertTrue(read.violations().contains(new Violation("items[1].trace_info_type", "unknown trace_info_type 'FutureTraceInfo'")));
    }

    @Test
    void theLimitsAndMalformedJsonRefuseEitherKind() {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(1001, "{}")) + "]";
        for (boolean relays : new boolean[] {true, false}) {
            assertEquals(List.of(new Violation("items", "at most 1000 tasks per message")),
                    new MessageTasks().read(utf8(tooMany), "ID:4", relays).violations());
            assertEquals(List.of(new Violation("", "malformed JSON")), new MessageTasks().read(utf8("[{"), "ID:5", relays).violations());
        }
    }

    /** Writing the envelopes out for the queue adds fields: the relay's own message of a body at the limit is over it. */
    @Test
    void theRelaysOwnMessageOverTheRequestLimitIsReadAndAProducersIsRefused() throws IOException {
        JsonObject posted = Json.createObjectBuilder(posted().get(0)).add("trace_info", Json.createObjectBuilder(posted().get(0)
                .getJsonObject("trace_info")).add("padding", "p".repeat(org.tracerelay.task.IntakeLimits.MAX_BYTES))).build();
        byte[] body = utf8(relayBody(List.of(posted)));
        assertTrue(body.length > org.tracerelay.task.IntakeLimits.MAX_BYTES);

        assertEquals(List.of(), new MessageTasks().read(body, "ID:6", true).violations());
        assertEquals(List.of(new Violation("", "larger than " + org.tracerelay.task.IntakeLimits.MAX_BYTES + " bytes")),
                new MessageTasks().read(body, "ID:6", false).violations());
    }

    static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
