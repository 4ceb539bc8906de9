package org.tracerelay.task;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;
import org.tracerelay.json.Jsonp;

/**
 * A validated trace task: Dify's TaskData plus our idempotency key. Built only by
 * {@link EnvelopeValidator} or from JSON that passed it.
 */
public record TaskEnvelope(String taskId, String appId, String tenantId, TraceInfoType type, JsonObject traceInfo) {

    public TaskEnvelope {
        Objects.requireNonNull(taskId);
        Objects.requireNonNull(type);
        Objects.requireNonNull(traceInfo);
    }

    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("task_id", taskId);
        if (appId != null) {
            b.add("app_id", appId);
        }
        if (tenantId != null) {
            b.add("tenant_id", tenantId);
        }
        return b.add("trace_info_type", type.name()).add("trace_info", traceInfo).build();
    }

    /**
     * Rebuilds an envelope the relay stored itself (validated at intake, then sealed), without
     * validating it again on the export path. Empty when it names a type this version lacks.
     */
    public static java.util.Optional<TaskEnvelope> fromStored(JsonObject stored) {
        return TraceInfoType.named(Fields.text(stored, "trace_info_type"))
                .filter(t -> Fields.text(stored, "task_id") != null && stored.get("trace_info") instanceof JsonObject)
                .map(t -> new TaskEnvelope(Fields.text(stored, "task_id"), Fields.text(stored, "app_id"), Fields.text(stored, "tenant_id"), t,
                        stored.getJsonObject("trace_info")));
    }

    public TaskEnvelope withTenant(String tenant) {
        return new TaskEnvelope(taskId, appId, tenant, type, traceInfo);
    }

    /**
     * Applies the external trace id and session id that came with the request (contract: intake).
     *
     * @throws IllegalArgumentException when a session id must go into a metadata that is not an object
     */
    public TaskEnvelope withRequestContext(String externalTraceId, String sessionId) {
        if (externalTraceId == null && sessionId == null) {
            return this;
        }
        JsonObjectBuilder info = Jsonp.createObjectBuilder(traceInfo);
        if (externalTraceId != null) {
            info.add("trace_id", externalTraceId);
        }
        if (sessionId != null) {
            JsonValue metadata = traceInfo.get("metadata");
            JsonObjectBuilder meta;
            if (metadata == null || metadata.getValueType() == JsonValue.ValueType.NULL) {
                meta = Jsonp.createObjectBuilder();
            } else if (metadata instanceof JsonObject object) {
                meta = Jsonp.createObjectBuilder(object);
            } else {
                // Event envelopes do not declare metadata, so the validator lets any value through.
                throw new IllegalArgumentException("must be an object to carry X-Trace-Session-Id");
            }
            info.add("metadata", meta.add("trace_session_id", sessionId));
        }
        return new TaskEnvelope(taskId, appId, tenantId, type, info.build());
    }

    /** The string value of a trace_info field, or null when absent, null or not a string. */
    public String text(String field) {
        return Fields.text(traceInfo, field);
    }
}
