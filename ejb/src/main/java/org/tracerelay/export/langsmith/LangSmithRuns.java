package org.tracerelay.export.langsmith;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;

/**
 * A task's runs as LangSmith runs (dify-providers §2.2, §5.4), in ancestor order. The trace id
 * is the root run's id and every {@code dotted_order} starts with the root's segment, so
 * LangSmith's "trace_id does not match first part of dotted_order" cannot happen: an external
 * trace id travels as metadata {@code external_trace_id} instead.
 */
final class LangSmithRuns {

    private static final DateTimeFormatter SEGMENT_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> AROUND_MESSAGE = Set.of("moderation", "suggested_question", "dataset_retrieval", "tool");

    private LangSmithRuns() {
    }

    static List<JsonObject> of(RunTree tree, String project, JsonObject messageData) {
        List<JsonObject> out = new ArrayList<>();
        if (tree.isEmpty()) {
            return out;
        }
        Map<String, String> dotted = new HashMap<>();
        Map<String, String> traceOf = new HashMap<>();
        for (Run run : tree.runs()) {
            String id = uuid(run.id());
            String parent = run.parentId() == null ? null : uuid(run.parentId());
            String order;
            String traceId;
            if (parent != null && dotted.containsKey(parent)) {
                order = dotted.get(parent) + "." + segment(run.start(), id);
                traceId = traceOf.get(parent);
            } else if (parent != null && AROUND_MESSAGE.contains(run.type())) {
                // Under a message sent by another task: its segment from the message's own start when known.
                Instant messageStart = Fields.time(messageData, "created_at");
                order = segment(messageStart != null ? messageStart : run.start(), parent) + "." + segment(run.start(), id);
                traceId = parent;
            } else {
                // A root here (a nested workflow too: LangSmith cannot attach under another trace's dotted order).
                parent = null;
                order = segment(run.start(), id);
                traceId = id;
            }
            dotted.put(id, order);
            traceOf.put(id, traceId);
            out.add(run(run, id, parent, traceId, order, project, tree));
        }
        return out;
    }

    private static JsonObject run(Run run, String id, String parent, String traceId, String order, String project,
                                  RunTree tree) {
        String runType = runType(run);
        JsonObjectBuilder metadata = Jsonp.createObjectBuilder(run.metadata());
        if (run.modelProvider() != null) {
            metadata.add("ls_provider", run.modelProvider());
        }
        if (run.model() != null) {
            metadata.add("ls_model_name", run.model());
        }
        if (!tree.traceId().equals(traceId) && tree.ownsTrace() && run.parentId() == null) {
            metadata.add("external_trace_id", tree.traceId());
        }
        JsonObjectBuilder b = Jsonp.createObjectBuilder().add("id", id).add("trace_id", traceId).add("dotted_order", order)
                .add("session_name", project).add("name", run.name()).add("run_type", runType)
                .add("inputs", inputs(run, runType)).add("outputs", outputs(run, runType))
                .add("start_time", run.start().toString()).add("end_time", run.end().toString())
                // the SDK always sends events, empty when a run streamed nothing
                .add("events", JsonValue.EMPTY_JSON_ARRAY)
                .add("extra", Jsonp.createObjectBuilder().add("metadata", metadata))
                .add("tags", tags(run.tags()));
        if (parent != null) {
            b.add("parent_run_id", parent);
        }
        if (run.failed()) {
            b.add("error", run.error());
        }
        return b.build();
    }

    static String runType(Run run) {
        if (run.isLlm()) {
            return "llm";
        }
        if (run.isRetrieval()) {
            return "retriever";
        }
        return switch (run.type()) {
            case "message" -> "chain";
            case "workflow", "node", "tool", "moderation", "suggested_question", "generate_name" -> "tool";
            default -> "chain";
        };
    }

    private static JsonObject inputs(Run run, String runType) {
        JsonValue v = run.inputs();
        if ("llm".equals(runType) && !(v instanceof JsonObject)) {
            JsonArrayBuilder messages = Jsonp.createArrayBuilder();
            if (v instanceof jakarta.json.JsonArray a) {
                a.forEach(messages::add);
            } else if (v instanceof JsonString s) {
                messages.add(Jsonp.createObjectBuilder().add("role", "user").add("content", s.getString()));
            }
            return Jsonp.createObjectBuilder().add("messages", messages).build();
        }
        return v instanceof JsonObject o ? o : Jsonp.createObjectBuilder().add("input", v == null ? JsonValue.NULL : v).build();
    }

    private static JsonObject outputs(Run run, String runType) {
        JsonValue v = run.outputs();
        JsonObjectBuilder b;
        if ("llm".equals(runType) && !(v instanceof JsonObject)) {
            b = Jsonp.createObjectBuilder().add("choices", Jsonp.createArrayBuilder().add(Jsonp.createObjectBuilder()
                    .add("role", "ai").add("content", v instanceof JsonString s ? s.getString() : String.valueOf(v))));
        } else {
            b = v instanceof JsonObject o ? Jsonp.createObjectBuilder(o) : Jsonp.createObjectBuilder().add("output", v == null ? JsonValue.NULL : v);
        }
        if (run.usage() != null) {
            b.add("usage_metadata", run.usage().counts("input_tokens", "output_tokens"));
        }
        return b.build();
    }

    /** LangSmith run ids are UUIDs: Dify's ids are; anything else maps to a stable name-based UUID. */
    static String uuid(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(("dify:" + id).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    /** {@code %Y%m%dT%H%M%S%fZ} followed by the run id, as LangSmith orders runs. */
    static String segment(Instant start, String id) {
        return SEGMENT_TIME.format(start) + id;
    }

    private static JsonArrayBuilder tags(List<String> tags) {
        JsonArrayBuilder b = Jsonp.createArrayBuilder();
        tags.forEach(b::add);
        return b;
    }
}
