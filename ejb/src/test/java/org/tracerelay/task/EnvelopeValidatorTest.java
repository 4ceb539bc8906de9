package org.tracerelay.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tracerelay.refusal.Violation;

class EnvelopeValidatorTest {

    static final String APP = "3f1c2a4e-8b7d-4e2a-9c1f-5d6e7f8a9b0c";
    private final EnvelopeValidator validator = new EnvelopeValidator();

    /** The smallest trace_info a type accepts: every required field with a value of its kind. */
    static JsonObjectBuilder minimal(TraceInfoType type) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        for (FieldRule rule : type.rules()) {
            if (rule.required()) {
                b.add(rule.name(), sample(rule.kind(), rule.name()));
            }
        }
        return b;
    }

    static JsonValue sample(FieldKind kind, String name) {
        return switch (kind) {
            case STRING -> name.equals("action") ? Json.createValue("created") : Json.createValue("x");
            case INTEGER -> Json.createValue(3);
            case NUMBER -> Json.createValue(1.5);
            case BOOLEAN -> JsonValue.TRUE;
            case OBJECT -> JsonValue.EMPTY_JSON_OBJECT;
            case ARRAY -> JsonValue.EMPTY_JSON_ARRAY;
            case STRING_LIST -> Json.createArrayBuilder().add("a").build();
            case DATETIME -> Json.createValue("2026-11-21T09:00:00+00:00");
            case CONTENT, ANY -> Json.createValue("content");
        };
    }

    static JsonObject envelope(TraceInfoType type, JsonObjectBuilder info) {
        return Json.createObjectBuilder().add("app_id", APP).add("trace_info_type", type.name())
                .add("trace_info", info).build();
    }

    @ParameterizedTest
    @EnumSource(TraceInfoType.class)
    void everyTypeAcceptsItsMinimalPayload(TraceInfoType type) {
        EnvelopeValidator.Result r = validator.validate(envelope(type, minimal(type)), "items[0]");
        assertEquals(List.of(), r.violations());
        assertEquals(type, r.envelope().type());
    }

    @ParameterizedTest
    @EnumSource(TraceInfoType.class)
    void everyRequiredFieldIsReportedWhenMissing(TraceInfoType type) {
        for (FieldRule rule : type.rules()) {
            if (!rule.required()) {
                continue;
            }
            JsonObject info = minimal(type).remove(rule.name()).build();
            var r = validator.validate(envelope(type, Json.createObjectBuilder(info)), "items[2]");
            assertEquals(List.of(new Violation("items[2].trace_info." + rule.name(), "is required")), r.violations(),
                    type + "." + rule.name());
        }
    }

    @Test
    void wrongTypesAreNamedWithTheirPath() {
        JsonObjectBuilder info = minimal(TraceInfoType.WorkflowTraceInfo).add("total_tokens", 1.5).add("file_list",
                Json.createArrayBuilder().add(1));
        var r = validator.validate(envelope(TraceInfoType.WorkflowTraceInfo, info), "items[0]");
        assertEquals(List.of(new Violation("items[0].trace_info.total_tokens", "must be an integer"),
                new Violation("items[0].trace_info.file_list", "must be an array of strings")), r.violations());
    }

    @Test
    void nestedNodeExecutionsAreCheckedWithTheirIndex() {
        JsonObjectBuilder node = minimal(TraceInfoType.WorkflowNodeTraceInfo).remove("metadata").remove("index");
        JsonObjectBuilder info = minimal(TraceInfoType.WorkflowTraceInfo)
                .add("node_executions", Json.createArrayBuilder().add(minimal(TraceInfoType.WorkflowNodeTraceInfo)).add(node));
        var r = validator.validate(envelope(TraceInfoType.WorkflowTraceInfo, info), "items[0]");
        assertEquals(List.of(new Violation("items[0].trace_info.node_executions[1].index", "is required")), r.violations());
    }

    @Test
    void envelopeFieldsAreChecked() {
        JsonObject bad = Json.createObjectBuilder().add("task_id", "nope").add("app_id", "not-a-uuid")
                .add("trace_info_type", "ConversationTraceInfo").add("trace_info", 3).build();
        var paths = validator.validate(bad, "items[0]").violations().stream().map(Violation::path).toList();
        assertEquals(List.of("items[0].task_id", "items[0].app_id", "items[0].trace_info_type", "items[0].trace_info"), paths);
        assertFalse(validator.validate(JsonValue.TRUE, "items[0]").valid());
    }

    @Test
    void tenantScopedTaskNeedsNoApp() {
        JsonObject task = Json.createObjectBuilder().add("tenant_id", "acme")
                .add("trace_info_type", "PromptGenerationTraceInfo")
                .add("trace_info", minimal(TraceInfoType.PromptGenerationTraceInfo)).build();
        assertTrue(validator.validate(task, "items[0]").valid());
        JsonObject neither = Json.createObjectBuilder(task).remove("tenant_id").build();
        assertEquals("items[0].app_id", validator.validate(neither, "items[0]").violations().get(0).path());
    }

    @Test
    void givenTaskIdIsKeptAndAMissingOneIsMinted() {
        JsonObject task = Json.createObjectBuilder(envelope(TraceInfoType.ModerationTraceInfo, minimal(TraceInfoType.ModerationTraceInfo)))
                .add("task_id", "0B6F1D52-2D0B-4C43-9D8E-6A3F0B7C1E21").build();
        assertEquals("0b6f1d52-2d0b-4c43-9d8e-6a3f0b7c1e21", validator.validate(task, "t").envelope().taskId());
        assertEquals("minted", validator.validate(envelope(TraceInfoType.ModerationTraceInfo,
                minimal(TraceInfoType.ModerationTraceInfo)), "t", "minted").envelope().taskId());
    }

    @Test
    void eventEnumsAreChecked() {
        var lifecycle = minimal(TraceInfoType.AppLifecycleEvent).add("action", "renamed");
        assertEquals("items[0].trace_info.action",
                validator.validate(envelope(TraceInfoType.AppLifecycleEvent, lifecycle), "items[0]").violations().get(0).path());
        var feedback = minimal(TraceInfoType.FeedbackEvent).add("rating", "meh");
        assertFalse(validator.validate(envelope(TraceInfoType.FeedbackEvent, feedback), "items[0]").valid());
        var noRating = minimal(TraceInfoType.FeedbackEvent).addNull("rating");
        assertTrue(validator.validate(envelope(TraceInfoType.FeedbackEvent, noRating), "items[0]").valid());
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        jakarta.json.JsonValue deep = Json.createObjectBuilder().build();
        for (int i = 0; i < EnvelopeValidator.MAX_DEPTH; i++) {
            deep = Json.createObjectBuilder().add("x", deep).build();
        }
        JsonObjectBuilder info = minimal(TraceInfoType.ModerationTraceInfo).add("metadata", deep);
        var r = validator.validate(envelope(TraceInfoType.ModerationTraceInfo, info), "items[0]");
        assertEquals(List.of(new Violation("items[0]", "nested deeper than 64 levels")), r.violations());
        JsonObjectBuilder shallow = minimal(TraceInfoType.ModerationTraceInfo).add("metadata",
                Json.createObjectBuilder().add("a", Json.createObjectBuilder().add("b", Json.createArrayBuilder().add(1))));
        assertTrue(validator.validate(envelope(TraceInfoType.ModerationTraceInfo, shallow), "items[0]").valid());
    }

    @Test
    void depthCountsTheRootAsLevelOneThroughObjectsAndArrays() {
        jakarta.json.JsonValue v = Json.createValue(1);
        for (int i = 0; i < 10; i++) {
            v = i % 2 == 0 ? Json.createArrayBuilder().add("leaf").add(v).build() : Json.createObjectBuilder().add("a", 1).add("b", v).build();
        }
        assertFalse(EnvelopeValidator.deeperThan(v, 11));
        assertTrue(EnvelopeValidator.deeperThan(v, 10));
        assertFalse(EnvelopeValidator.deeperThan(Json.createValue("x"), 1));
        assertTrue(EnvelopeValidator.deeperThan(Json.createArrayBuilder().build(), 0));
    }

    @Test
    void aStoredEnvelopeComesBackAsItWent() {
        TaskEnvelope original = validator.validate(envelope(TraceInfoType.ToolTraceInfo, minimal(TraceInfoType.ToolTraceInfo)),
                "t", "task-1").envelope().withTenant("acme");
        assertEquals(java.util.Optional.of(original), TaskEnvelope.fromStored(original.toJson()));
        JsonObject renamed = Json.createObjectBuilder(original.toJson()).add("trace_info_type", "RetiredTraceInfo").build();
        assertTrue(TaskEnvelope.fromStored(renamed).isEmpty());
    }

    @Test
    void difysTenantScopedStorageIdIsATaskOfThatTenant() {
        JsonObject generation = Json.createObjectBuilder(envelope(TraceInfoType.PromptGenerationTraceInfo,
                minimal(TraceInfoType.PromptGenerationTraceInfo))).add("app_id", "tenant-7d1c0e2a-acme").build();
        EnvelopeValidator.Result r = validator.validate(generation, "items[0]");
        assertEquals(List.of(), r.violations());
        assertEquals(null, r.envelope().appId());
        assertEquals("7d1c0e2a-acme", r.envelope().tenantId());

        JsonObject forged = Json.createObjectBuilder(generation).add("tenant_id", "other").build();
        assertEquals(List.of(new Violation("items[0].app_id", "names tenant 7d1c0e2a-acme but tenant_id is other")),
                validator.validate(forged, "items[0]").violations());
        JsonObject empty = Json.createObjectBuilder(generation).add("app_id", "tenant-").build();
        assertFalse(validator.validate(empty, "items[0]").valid());
    }
}
