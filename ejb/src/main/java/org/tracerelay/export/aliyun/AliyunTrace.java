package org.tracerelay.export.aliyun;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tracerelay.export.span.RedactionAttributes;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.Timestamps;

/**
 * What every span of one task shares: its trace id and the attributes ARMS groups by (session,
 * user, conversation, framework, app).
 */
record AliyunTrace(byte[] traceId, Map<String, Object> common) {

    /** How a step ended: OK or ERROR with the message; UNSET where Dify reports no outcome. */
    record Outcome(boolean ok, String error) {
        static Outcome of(String error) {
            return new Outcome(true, error);
        }

        static Outcome unset(String error) {
            return new Outcome(false, error);
        }
    }

    /** @param correlation the workflow run or message id the trace id comes from */
    static AliyunTrace of(TaskEnvelope task, String correlation) {
        JsonObject info = task.traceInfo();
        JsonObject meta = metadata(info);
        String conversation = Fields.first(Fields.text(info, "conversation_id"), Fields.text(meta, "conversation_id"));
        Map<String, Object> common = new LinkedHashMap<>();
        putIf(common, "gen_ai.session.id", Fields.first(Fields.text(meta, "trace_session_id"), conversation));
        putIf(common, "gen_ai.user.id", Fields.first(Fields.text(meta, "from_end_user_id"),
                Fields.text(meta, "from_account_id"), Fields.text(meta, "user_id")));
        putIf(common, "gen_ai.conversation.id", conversation);
        common.put("gen_ai.framework", "dify");
        putIf(common, "dify.app_id", Fields.first(Fields.text(meta, "app_id"), task.appId()));
        RedactionAttributes.put(common, meta);
        return new AliyunTrace(AliyunIds.trace(correlation), java.util.Collections.unmodifiableMap(common));
    }

    GenAiAttributes attributes() {
        return new GenAiAttributes(common);
    }

    AliyunSpan span(byte[] spanId, byte[] parentId, String name, Instant start, Instant end, GenAiAttributes attributes,
                    Outcome outcome, boolean server) {
        String error = outcome.error() == null || outcome.error().isEmpty() ? null : outcome.error();
        return new AliyunSpan(new SpanRecord(traceId, spanId, parentId, name, Timestamps.nanos(start), Timestamps.nanos(end),
                attributes.build(), error), server, outcome.ok(), null);
    }

    static JsonObject metadata(JsonObject info) {
        JsonObject meta = Fields.object(info, "metadata");
        return meta == null ? JsonObject.EMPTY_JSON_OBJECT : meta;
    }

    static Instant start(JsonObject o, Instant fallback) {
        Instant t = Fields.time(o, "start_time");
        return t != null ? t : fallback;
    }

    /** The end time; else start + {@code seconds} when known; never before the start. */
    static Instant end(JsonObject o, Instant start, Double seconds) {
        Instant t = Fields.time(o, "end_time");
        if (t == null && seconds != null && seconds >= 0) {
            t = start.plus(Duration.ofNanos((long) (seconds * 1e9)));
        }
        return t != null && !t.isBefore(start) ? t : start;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
