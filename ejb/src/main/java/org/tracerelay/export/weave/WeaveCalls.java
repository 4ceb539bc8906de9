package org.tracerelay.export.weave;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;

/**
 * A task's runs as Weave calls (dify-providers §2.4, §5.4): one complete call (start and end
 * merged) per run, message → workflow → nodes, in ancestor order. Ids come from Dify's ids, so a
 * resend carries the same call ids and Weave keeps one call per run.
 */
final class WeaveCalls {

    /** The fields of a complete call that belong to {@code call/start}; the rest (but the ids) to {@code call/end}. */
    private static final List<String> START_FIELDS = List.of("project_id", "id", "op_name", "display_name", "trace_id",
            "parent_id", "thread_id", "turn_id", "started_at", "attributes", "inputs", "wb_user_id");
    private static final List<String> END_FIELDS = List.of("project_id", "id", "ended_at", "output", "summary", "exception");

    private WeaveCalls() {
    }

    static List<JsonObject> of(RunTree tree, String projectId) {
        List<JsonObject> calls = new ArrayList<>();
        if (tree.isEmpty()) {
            return calls;
        }
        Map<String, int[]> counts = statusCounts(tree.runs());
        String traceId = uuid(tree.traceId());
        for (Run run : tree.runs()) {
            calls.add(call(run, tree, projectId, traceId, counts.get(run.id())));
        }
        return calls;
    }

    private static JsonObject call(Run run, RunTree tree, String projectId, String traceId, int[] counts) {
        JsonObjectBuilder attributes = Jsonp.createObjectBuilder(run.metadata() == null ? JsonValue.EMPTY_JSON_OBJECT : run.metadata())
                .add("tags", tags(run.tags()))
                .add("start_time", run.start().toString())
                .add("end_time", run.end().toString())
                .add("trace_id", tree.traceId())
                .add("dify_run_type", run.type());
        if (tree.userId() != null) {
            attributes.add("user_id", tree.userId());
        }
        if (tree.sessionId() != null) {
            attributes.add("session_id", tree.sessionId());
        }
        JsonObjectBuilder summary = Jsonp.createObjectBuilder()
                .add("status_counts", Jsonp.createObjectBuilder().add("success", counts[0]).add("error", counts[1]))
                .add("weave", Jsonp.createObjectBuilder().add("latency_ms", Duration.between(run.start(), run.end()).toMillis()));
        JsonObject rolledUp = usageOf(run, tree.runs());
        if (!rolledUp.isEmpty()) {
            summary.add("usage", rolledUp);
        }
        JsonObjectBuilder call = Jsonp.createObjectBuilder()
                .add("project_id", projectId)
                .add("id", uuid(run.id()))
                .add("op_name", run.name())
                .add("display_name", run.name())
                .add("trace_id", traceId)
                .add("parent_id", run.parentId() == null ? JsonValue.NULL : Jsonp.createValue(uuid(run.parentId())))
                .add("started_at", run.start().toString())
                .add("attributes", attributes)
                .add("inputs", run.inputs() instanceof JsonObject o ? o
                        : Jsonp.createObjectBuilder().add("input", run.inputs() == null ? JsonValue.NULL : run.inputs()).build())
                .add("wb_user_id", JsonValue.NULL)
                .add("ended_at", run.end().toString())
                .add("output", run.outputs() == null ? JsonValue.NULL : run.outputs())
                .add("summary", summary);
        call.add("exception", run.failed() ? Jsonp.createValue(run.error()) : JsonValue.NULL);
        // A conversation is a Weave thread, each of its turns the trace under the turn's root call.
        call.add("thread_id", tree.sessionId() == null ? JsonValue.NULL : Jsonp.createValue(tree.sessionId()));
        call.add("turn_id", tree.sessionId() == null ? JsonValue.NULL : Jsonp.createValue(traceId));
        return call.build();
    }

    /**
     * Weave's summary usage of a call, per model: its own LLM call and those below it in this task
     * added up, as the SDK rolls a call's children into it (the trace list shows the root's).
     */
    private static JsonObject usageOf(Run call, List<Run> runs) {
        Map<String, long[]> perModel = new java.util.TreeMap<>();
        for (Run r : runs) {
            if (r.isLlm() && r.usage() != null && within(r, call, runs)) {
                long[] t = perModel.computeIfAbsent(r.model() == null ? "unknown" : r.model(), m -> new long[4]);
                t[0]++;
                t[1] += r.usage().input() == null ? 0 : r.usage().input();
                t[2] += r.usage().output() == null ? 0 : r.usage().output();
                t[3] += r.usage().total() == null ? 0 : r.usage().total();
            }
        }
        JsonObjectBuilder usage = Jsonp.createObjectBuilder();
        perModel.forEach((model, t) -> usage.add(model, Jsonp.createObjectBuilder().add("requests", t[0])
                .add("prompt_tokens", t[1]).add("completion_tokens", t[2]).add("total_tokens", t[3])));
        return usage.build();
    }

    /** Whether {@code r} is {@code call} or below it. */
    private static boolean within(Run r, Run call, List<Run> runs) {
        Map<String, Run> byId = new HashMap<>();
        runs.forEach(x -> byId.put(x.id(), x));
        Run at = r;
        for (int depth = 0; at != null && depth <= runs.size(); depth++) {
            if (at.id().equals(call.id())) {
                return true;
            }
            at = at.parentId() == null ? null : byId.get(at.parentId());
        }
        return false;
    }

    /** Per run: {success, error} over itself and its descendants in this task, as Weave rolls statuses up. */
    private static Map<String, int[]> statusCounts(List<Run> runs) {
        Map<String, Run> byId = new HashMap<>();
        Map<String, int[]> counts = new HashMap<>();
        for (Run r : runs) {
            byId.put(r.id(), r);
            counts.put(r.id(), new int[2]);
        }
        for (Run r : runs) {
            int slot = r.failed() ? 1 : 0;
            Run at = r;
            for (int depth = 0; at != null && depth <= runs.size(); depth++) {
                counts.get(at.id())[slot]++;
                at = at.parentId() == null ? null : byId.get(at.parentId());
            }
        }
        return counts;
    }

    /** The {@code call/start} half of a complete call, for servers without {@code calls/complete}. */
    static JsonObject start(JsonObject call) {
        return pick(call, START_FIELDS);
    }

    /** The {@code call/end} half of a complete call. */
    static JsonObject end(JsonObject call) {
        return pick(call, END_FIELDS);
    }

    private static JsonObject pick(JsonObject call, List<String> fields) {
        JsonObjectBuilder b = Jsonp.createObjectBuilder();
        for (String f : fields) {
            if (call.containsKey(f)) {
                b.add(f, call.get(f));
            }
        }
        return b.build();
    }

    /** Weave call and trace ids are UUIDs: Dify's ids are; anything else maps to a stable name-based UUID. */
    static String uuid(String id) {
        try {
            return UUID.fromString(id).toString();
        } catch (IllegalArgumentException notUuid) {
            return UUID.nameUUIDFromBytes(("dify:ops:" + id).getBytes(StandardCharsets.UTF_8)).toString();
        }
    }

    private static JsonArrayBuilder tags(List<String> tags) {
        JsonArrayBuilder b = Jsonp.createArrayBuilder();
        tags.forEach(b::add);
        return b;
    }
}
