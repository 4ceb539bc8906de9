package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

class TaskRoutingTest {

    @Test
    void anItemWithoutTaskIdGetsTheSameIdEachTimeItsMessageIsConsumed() {
        String first = MessageTasks.stableTaskId("ID:8c1f-42", bytes("[...]"), 3);
        assertEquals(first, MessageTasks.stableTaskId("ID:8c1f-42", bytes("[...]"), 3), "a redelivery stores nothing twice");
        assertNotEquals(first, MessageTasks.stableTaskId("ID:8c1f-42", bytes("[...]"), 4), "each item its own");
        assertNotEquals(first, MessageTasks.stableTaskId("ID:8c1f-43", bytes("[...]"), 3), "each message its own");
        assertEquals(MessageTasks.stableTaskId(null, bytes("[a]"), 0), MessageTasks.stableTaskId(null, bytes("[a]"), 0));
        assertEquals(36, first.length());
    }

    @Test
    void theIdsOfAMessageWithAnIdAreTheOnesEarlierVersionsGave() {
        assertEquals("b6f72c27-2db9-3a55-ab39-7c6393d7cd65", MessageTasks.stableTaskId("ID:8c1f-42", bytes("[...]"), 3));
        assertEquals("b6f72c27-2db9-3a55-ab39-7c6393d7cd65", MessageTasks.stableIds("ID:8c1f-42", null).apply(3),
                "the body is not needed");
    }

    @Test
    void aMessageWithoutAnIdIsNamedByItsBodysDigestNotByTheBodyItself() {
        String body = "[{\"app_id\":\"a\"}]";
        // UUID v3 of "jms-body-sha256:" + hex(SHA-256(body)) + "#0".
        assertEquals("d798cfd1-2f23-37c7-81ec-6c3b6ffca9cf", MessageTasks.stableTaskId(null, bytes(body), 0));
        var ids = MessageTasks.stableIds(null, bytes(body));
        assertEquals(MessageTasks.stableTaskId(null, bytes(body), 7), ids.apply(7));
        assertNotEquals(ids.apply(0), MessageTasks.stableTaskId(null, bytes(body + " "), 0), "another body, other ids");
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    static TaskEnvelope task(String id, String app, String tenant) {
        return new TaskEnvelope(id, app, tenant, TraceInfoType.MessageTraceInfo, JsonValue.EMPTY_JSON_OBJECT);
    }

    @Test
    void aMessagesNewTasksFormParcelsPerAppAndRouteOfAtMostABatch() {
        Destinations.Resolved toOtlp = new Destinations.Resolved("acme", List.of(new Destinations.Key("otlp/a", "otlp")));
        Destinations.Resolved nowhere = new Destinations.Resolved("acme", List.of());
        List<TaskEnvelope> tasks = List.of(task("1", "a", "acme"), task("2", "b", "acme"), task("3", "a", "acme"),
                task("1", "a", "acme"), task("4", "a", "acme"), task("old", "a", "acme"), task("5", "b", "acme"));
        Set<String> known = new HashSet<>(Set.of("acme|old"));

        List<TaskRouting.Parcel> parcels = TaskRouting.parcels(tasks, t -> "a".equals(t.appId()) ? toOtlp : nowhere, known, 2);

        assertEquals(List.of("a", "a", "b"), parcels.stream().map(TaskRouting.Parcel::appId).toList());
        assertEquals(List.of(List.of("1", "3"), List.of("4"), List.of("2", "5")),
                parcels.stream().map(p -> p.tasks().stream().map(TaskEnvelope::taskId).toList()).toList(),
                "a repeated id and one stored before are left out; order kept; at most two per parcel");
        assertEquals(toOtlp, parcels.get(0).route());
        assertEquals(nowhere, parcels.get(2).route());
    }

    @Test
    void theSameIdOfTwoTenantsIsTwoTasks() {
        Destinations.Resolved acme = new Destinations.Resolved("acme", List.of());
        Destinations.Resolved globex = new Destinations.Resolved("globex", List.of());
        List<TaskRouting.Parcel> parcels = TaskRouting.parcels(List.of(task("1", "a", "acme"), task("1", "g", "globex")),
                t -> "acme".equals(t.tenantId()) ? acme : globex, new HashSet<>(), 100);
        assertEquals(2, parcels.size());
    }
}
