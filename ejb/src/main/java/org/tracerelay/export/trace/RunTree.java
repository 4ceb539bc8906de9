package org.tracerelay.export.trace;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * What one task contributes to a trace. {@code ownsTrace} when the task creates the trace (a
 * workflow, a message, a conversation name, a prompt generation, a draft node); otherwise its
 * runs attach to a trace another task created (a tool call under its message).
 *
 * @param traceId the trace's correlation id: the external trace id, the message id, the workflow
 *                run id, ... (Dify's resolved trace id)
 * @param root    the run the trace is named after when it owns the trace; runs[0] then
 */
public record RunTree(String traceId, boolean ownsTrace, String name, String userId, String sessionId,
                      JsonValue input, JsonValue output, JsonObject metadata, List<String> tags,
                      List<Run> runs) {

    public Run root() {
        return runs.get(0);
    }

    public static RunTree empty(String traceId) {
        return new RunTree(traceId, false, null, null, null, JsonValue.NULL, JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT, List.of(), List.of());
    }

    public boolean isEmpty() {
        return runs.isEmpty();
    }
}
