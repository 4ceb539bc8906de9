package org.tracerelay.export.trace;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;

/**
 * One step of a trace in provider-neutral form: a message, a workflow, a node, an LLM call, a
 * tool call, a retrieval... Providers map runs onto their own objects (Langfuse observations,
 * LangSmith runs, OpenInference spans).
 *
 * @param id       stable across retries (a Dify id, or derived from one)
 * @param parentId the enclosing run, possibly one sent by another task (a message); null for a root
 * @param type     workflow, node, message, llm, tool, moderation, suggested_question,
 *                 dataset_retrieval, generate_name or prompt_generation
 * @param nodeType the workflow node type (llm, tool, knowledge-retrieval, ...) of a node run
 */
public record Run(String id, String parentId, String name, String type, String nodeType, Instant start, Instant end,
                  JsonValue inputs, JsonValue outputs, JsonObject metadata, String error, String model,
                  String modelProvider, Usage usage, List<String> tags) {

    public boolean failed() {
        return error != null && !error.isEmpty();
    }

    /** An LLM call: an llm run, an LLM node, or a prompt generation. */
    public boolean isLlm() {
        return "llm".equals(type) || "prompt_generation".equals(type) || ("node".equals(type) && "llm".equals(nodeType));
    }

    public boolean isRetrieval() {
        return "dataset_retrieval".equals(type) || ("node".equals(type) && "knowledge-retrieval".equals(nodeType));
    }

    public boolean isTool() {
        return "tool".equals(type) || ("node".equals(type) && "tool".equals(nodeType));
    }
}
