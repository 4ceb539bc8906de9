package org.tracerelay.export.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.enterprise.Tasks;
import org.tracerelay.task.TaskEnvelope;

/**
 * A chatflow turn is two tasks, the message and the workflow that answered it, with one LLM node:
 * its tokens are on exactly one run, so every backend that adds a trace's runs up (MLflow,
 * Phoenix, Langfuse, Opik, LangSmith, Weave, Datadog all take usage from these runs) counts them once.
 */
class ChatflowUsageTest {

    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");

    /** The chat message of a chatflow, as Dify sends it: its metadata names the workflow run. */
    static TaskEnvelope chatflowMessage() {
        JsonObject info = Tasks.message("").traceInfo();
        JsonObject meta = Json.createObjectBuilder(info.getJsonObject("metadata")).add("workflow_run_id", Tasks.RUN).build();
        return Tasks.envelope("MessageTraceInfo", Json.createObjectBuilder(info).add("metadata", meta)
                .add("conversation_mode", "advanced-chat").build());
    }

    static List<Run> counted(TaskEnvelope... tasks) {
        List<Run> withUsage = new ArrayList<>();
        for (TaskEnvelope t : tasks) {
            RunTrees.of(t, RECEIVED).runs().stream().filter(r -> r.usage() != null).forEach(withUsage::add);
        }
        return withUsage;
    }

    @Test
    void aChatflowTurnsTokensAreOnItsLlmNodeOnly() {
        List<Run> runs = counted(chatflowMessage(), Tasks.workflow("succeeded", ""));
        assertEquals(List.of(Tasks.LLM_NODE), runs.stream().map(Run::id).toList(), "one run carries the turn's tokens");
        assertEquals(205L, runs.stream().mapToLong(r -> r.usage().total()).sum());
        assertEquals(120L, runs.get(0).usage().input());
    }

    @Test
    void aChatflowMessageIsKnownByItsWorkflowRunOrItsMode() {
        JsonObject info = chatflowMessage().traceInfo();
        TaskEnvelope byMode = Tasks.envelope("MessageTraceInfo", Json.createObjectBuilder(info)
                .add("metadata", Tasks.message("").traceInfo().getJsonObject("metadata")).build());
        assertEquals(List.of(), counted(byMode));
        TaskEnvelope byRun = Tasks.envelope("MessageTraceInfo", Json.createObjectBuilder(info).add("conversation_mode", "chat").build());
        assertEquals(List.of(), counted(byRun));
    }

    @Test
    void aChatAppsMessageStillCarriesItsOwnCall() {
        List<Run> runs = counted(Tasks.message(""));
        assertEquals(1, runs.size());
        assertEquals("llm", runs.get(0).type());
        assertEquals(205L, runs.get(0).usage().total());
    }

    @Test
    void theWorkflowsTotalStaysInItsMetadataNotItsUsage() {
        Run workflow = RunTrees.of(Tasks.workflow("succeeded", ""), RECEIVED).runs().stream()
                .filter(r -> r.type().equals("workflow")).findFirst().orElseThrow();
        assertNull(workflow.usage());
        assertNotNull(workflow.metadata().get("total_tokens"));
        assertEquals(205, workflow.metadata().getInt("total_tokens"));
    }
}
