package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ten payload types of Dify's trace worker, each with its fixture in {@code dify-worker/}: the
 * TaskData the worker writes ({@code TaskData(...).model_dump_json()}), with {@code {{tenant_id}}}
 * and {@code {{app_id}}} where the worker writes its tenant's and app's ids. Each also knows the
 * span the relay makes of it.
 */
enum DifyWorkerPayload {
    WORKFLOW("WorkflowTraceInfo", "dify.workflow.run"),
    WORKFLOW_NODE("WorkflowNodeTraceInfo", "dify.node.execution"),
    DRAFT_NODE("DraftNodeExecutionTrace", "dify.node.execution.draft"),
    MESSAGE("MessageTraceInfo", "message"),
    MODERATION("ModerationTraceInfo", "moderation"),
    SUGGESTED_QUESTION("SuggestedQuestionTraceInfo", "suggested_question"),
    DATASET_RETRIEVAL("DatasetRetrievalTraceInfo", "dataset_retrieval"),
    TOOL("ToolTraceInfo", "tool"),
    GENERATE_NAME("GenerateNameTraceInfo", "generate_conversation_name"),
    /** Written tenant-scoped, {@code "app_id": "tenant-<tenant_id>"}: Dify's form when no app asked for it. */
    PROMPT_GENERATION("PromptGenerationTraceInfo", "prompt_generation");

    static final String TENANT_SCOPED_PREFIX = "tenant-";
    private static final String TENANT_PLACEHOLDER = "{{tenant_id}}";
    private static final String APP_PLACEHOLDER = "{{app_id}}";

    private final String traceInfoType;
    private final String spanName;

    DifyWorkerPayload(String traceInfoType, String spanName) {
        this.traceInfoType = traceInfoType;
        this.spanName = spanName;
    }

    String traceInfoType() {
        return traceInfoType;
    }

    /** The name of the span the relay exports for a task of this type. */
    String spanName() {
        return spanName;
    }

    /** The fixture as the worker of this tenant writes it; {@code appId} may be null for a tenant-scoped one. */
    JsonObject written(String tenantId, String appId) {
        String text = fixtureText().replace(TENANT_PLACEHOLDER, tenantId);
        if (text.contains(APP_PLACEHOLDER)) {
            text = text.replace(APP_PLACEHOLDER, Objects.requireNonNull(appId, traceInfoType + " is written for an app"));
        }
        return Json.createReader(new StringReader(text)).readObject();
    }

    /**
     * The task of this type for the app: as written, and a tenant-scoped one as Dify writes it
     * when an app asked for the generation (stored under the app, the app's id in trace_info).
     */
    JsonObject forApp(String tenantId, String appId) {
        JsonObject task = written(tenantId, appId);
        if (!task.getString("app_id").startsWith(TENANT_SCOPED_PREFIX)) {
            return task;
        }
        JsonObject info = task.getJsonObject("trace_info");
        return Json.createObjectBuilder(task).add("app_id", appId)
                .add("trace_info", Json.createObjectBuilder(info).add("app_id", appId)
                        .add("metadata", Json.createObjectBuilder(info.getJsonObject("metadata")).add("app_id", appId)))
                .build();
    }

    /**
     * The id whose SHA-256 is the span's id (contract, "Deterministic ids"): the run of a
     * workflow, the execution of a node, else the task itself.
     */
    String spanSource(JsonObject task, String taskId) {
        JsonObject info = task.getJsonObject("trace_info");
        return switch (this) {
            case WORKFLOW -> info.getString("workflow_run_id");
            case WORKFLOW_NODE, DRAFT_NODE -> info.getString("node_execution_id");
            default -> taskId;
        };
    }

    private String fixtureText() {
        String path = "/dify-worker/" + traceInfoType + ".json";
        try (InputStream in = DifyWorkerPayload.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(path, e);
        }
    }
}
