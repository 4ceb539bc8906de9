package org.tracerelay.export.langfuse;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;

/**
 * A task's runs as Langfuse ingestion events (dify-providers §2.1): the root becomes the trace
 * ({@code trace-create}), every other run an observation ({@code span-create}, or
 * {@code generation-create} for LLM calls with model and usage). Event ids are derived from the
 * trace and observation ids, so a resent batch carries the same ids.
 */
final class LangfuseEvents {

    /** Roots that only stand for the trace itself; their children hang directly under it. */
    private static final Set<String> TRACE_ONLY_ROOTS = Set.of("message", "workflow");
    private static final Set<String> AROUND_MESSAGE = Set.of("moderation", "suggested_question", "dataset_retrieval", "tool");

    private LangfuseEvents() {
    }

    static List<JsonObject> of(RunTree tree) {
        List<JsonObject> events = new ArrayList<>();
        if (tree.isEmpty()) {
            return events;
        }
        Run root = tree.root();
        boolean skipRoot = tree.ownsTrace() && TRACE_ONLY_ROOTS.contains(root.type());
        if (tree.ownsTrace()) {
            JsonObjectBuilder trace = Jsonp.createObjectBuilder().add("id", tree.traceId()).add("name", tree.name())
                    .add("timestamp", iso(root.start())).add("input", tree.input()).add("output", tree.output())
                    .add("metadata", tree.metadata()).add("tags", strings(tree.tags()));
            addIf(trace, "userId", tree.userId());
            addIf(trace, "sessionId", tree.sessionId());
            addIf(trace, "version", Fields.text(tree.metadata(), "version"));
            events.add(event(eventId(tree.traceId(), "trace", "trace-create"), "trace-create", root.start(), trace.build()));
        }
        for (Run run : tree.runs()) {
            if (skipRoot && run == root) {
                continue;
            }
            boolean generation = run.isLlm() || "suggested_question".equals(run.type());
            String type = generation ? "generation-create" : "span-create";
            JsonObjectBuilder body = Jsonp.createObjectBuilder().add("id", run.id()).add("traceId", tree.traceId())
                    .add("name", run.name()).add("startTime", iso(run.start())).add("endTime", iso(run.end()))
                    .add("input", normalise(run.inputs(), "user")).add("output", normalise(run.outputs(), "assistant"))
                    .add("metadata", run.metadata()).add("level", run.failed() ? "ERROR" : "DEFAULT");
            // The message is the trace in Langfuse, so what hangs under a message hangs under the trace.
            boolean underTrace = run.parentId() == null || (skipRoot && run.parentId().equals(root.id()))
                    || (!tree.ownsTrace() && AROUND_MESSAGE.contains(run.type()));
            if (!underTrace) {
                body.add("parentObservationId", run.parentId());
            }
            addIf(body, "statusMessage", run.error());
            if (generation) {
                addIf(body, "model", run.model());
                JsonObject usage = usage(run);
                if (usage != null) {
                    body.add("usage", usage);
                }
            }
            events.add(event(eventId(tree.traceId(), run.id(), type), type, run.start(), body.build()));
        }
        return events;
    }

    private static JsonObject usage(Run run) {
        JsonObjectBuilder u = counts(run);
        if (u == null) {
            return null;
        }
        if (run.usage() == null) {
            return u.add("unit", "CHARACTERS").build();
        }
        u.add("unit", run.usage().unit());
        if (run.usage().totalCost() != null) {
            u.add("totalCost", run.usage().totalCost());
        }
        return u.build();
    }

    /**
     * {@code input}, {@code output} and {@code total} as both Langfuse paths name them: a suggested
     * question's in characters, as Dify counts it (dify-providers §2.1), else the tokens Dify gave;
     * null when there are none.
     */
    static JsonObjectBuilder counts(Run run) {
        if ("suggested_question".equals(run.type())) {
            long input = length(run.inputs());
            long output = run.outputs() instanceof JsonArray a ? a.size() : 0;
            return Jsonp.createObjectBuilder().add("input", input).add("output", output).add("total", run.outputs().toString().length());
        }
        if (run.usage() == null) {
            return null;
        }
        JsonObjectBuilder u = Jsonp.createObjectBuilder();
        if (run.usage().input() != null) {
            u.add("input", run.usage().input());
        }
        if (run.usage().output() != null) {
            u.add("output", run.usage().output());
        }
        if (run.usage().total() != null) {
            u.add("total", run.usage().total());
        }
        return u;
    }

    /** Dify's normaliser: a string becomes one chat message; dict/list keys {@code text} become {@code content}. */
    static JsonValue normalise(JsonValue v, String role) {
        if (v instanceof JsonString s) {
            return Jsonp.createArrayBuilder().add(Jsonp.createObjectBuilder().add("role", role).add("content", s.getString())).build();
        }
        if (v instanceof JsonObject o) {
            return renameText(o);
        }
        if (v instanceof JsonArray a) {
            JsonArrayBuilder b = Jsonp.createArrayBuilder();
            a.forEach(e -> b.add(e instanceof JsonObject o ? renameText(o) : e));
            return b.build();
        }
        return v == null ? JsonValue.NULL : v;
    }

    private static JsonObject renameText(JsonObject o) {
        if (!o.containsKey("text") || o.containsKey("content")) {
            return o;
        }
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        o.forEach((k, val) -> b.add(k.equals("text") ? "content" : k, val));
        return b.build();
    }

    private static JsonObject event(String id, String type, Instant timestamp, JsonObject body) {
        return Jsonp.createObjectBuilder().add("id", id).add("type", type).add("timestamp", iso(timestamp)).add("body", body).build();
    }

    static String eventId(String traceId, String objectId, String type) {
        return UUID.nameUUIDFromBytes((traceId + ":" + objectId + ":" + type).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static long length(JsonValue v) {
        return v instanceof JsonString s ? s.getString().length() : v == null || v == JsonValue.NULL ? 0 : v.toString().length();
    }

    private static JsonArray strings(List<String> values) {
        JsonArrayBuilder b = Jsonp.createArrayBuilder();
        values.forEach(b::add);
        return b.build();
    }

    private static void addIf(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }

    static String iso(Instant i) {
        return i.toString();
    }
}
