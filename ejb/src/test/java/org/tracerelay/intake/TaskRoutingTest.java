package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class TaskRoutingTest {

    @Test
    void anItemWithoutTaskIdGetsTheSameIdEachTimeItsMessageIsConsumed() {
        String first = TaskRouting.stableTaskId("ID:8c1f-42", "[...]", 3);
        assertEquals(first, TaskRouting.stableTaskId("ID:8c1f-42", "[...]", 3), "a redelivery stores nothing twice");
        assertNotEquals(first, TaskRouting.stableTaskId("ID:8c1f-42", "[...]", 4), "each item its own");
        assertNotEquals(first, TaskRouting.stableTaskId("ID:8c1f-43", "[...]", 3), "each message its own");
        assertEquals(TaskRouting.stableTaskId(null, "[a]", 0), TaskRouting.stableTaskId(null, "[a]", 0));
        assertEquals(36, first.length());
    }
}
