package org.tracerelay.task;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.tracerelay.refusal.Violation;

/**
 * Checks one envelope field by field and reports every violation with its path, so a client
 * can fix a whole batch in one round trip. Pure: no container needed.
 */
public final class EnvelopeValidator {

    /** How Dify's queue manager names the storage of a task that belongs to a tenant, not an app. */
    public static final String TENANT_SCOPED_PREFIX = "tenant-";

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> LIFECYCLE_ACTIONS = Set.of("created", "updated", "deleted");
    private static final Set<String> RATINGS = Set.of("like", "dislike");
    private static final int MAX_ID_LENGTH = 128;
    /** Deeper JSON is refused: real payloads nest a few levels, a hostile one nests to exhaust the stack. */
    public static final int MAX_DEPTH = 64;

    /** The outcome: either an envelope or the reasons it is not one. */
    public record Result(TaskEnvelope envelope, List<Violation> violations) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    /**
     * @param prefix path prefix such as {@code items[2]}; violations read {@code items[2].trace_info.x}
     * @param newTaskId id to use when the envelope carries none
     */
    public Result validate(JsonValue item, String prefix, String newTaskId) {
        List<Violation> out = new ArrayList<>();
        if (item == null || item.getValueType() != JsonValue.ValueType.OBJECT) {
            out.add(new Violation(prefix, "must be a trace task object"));
            return new Result(null, out);
        }
        if (deeperThan(item, MAX_DEPTH)) {
            out.add(new Violation(prefix, "nested deeper than " + MAX_DEPTH + " levels"));
            return new Result(null, out);
        }
        JsonObject o = item.asJsonObject();
        String taskId = optionalText(o, "task_id", prefix, out);
        if (taskId != null && !UUID_TEXT.matcher(taskId).matches()) {
            out.add(new Violation(prefix + ".task_id", "must be a UUID"));
        }
        String appId = optionalText(o, "app_id", prefix, out);
        // Dify stores a tenant-scoped task (prompt generation) under "tenant-<tenant_id>".
        String scopedTenant = null;
        if (appId != null && appId.startsWith(TENANT_SCOPED_PREFIX)) {
            scopedTenant = appId.substring(TENANT_SCOPED_PREFIX.length());
            appId = null;
            if (scopedTenant.isBlank() || scopedTenant.length() > MAX_ID_LENGTH) {
                out.add(new Violation(prefix + ".app_id", "must be a UUID, or tenant-<tenant_id> for a tenant-scoped task"));
            }
        } else if (appId != null && !UUID_TEXT.matcher(appId).matches()) {
            out.add(new Violation(prefix + ".app_id", "must be a UUID"));
        }
        String tenantId = optionalText(o, "tenant_id", prefix, out);
        if (tenantId != null && (tenantId.isBlank() || tenantId.length() > MAX_ID_LENGTH)) {
            out.add(new Violation(prefix + ".tenant_id", "must be 1 to 128 characters"));
        }
        if (scopedTenant != null) {
            if (tenantId != null && !tenantId.equals(scopedTenant)) {
                out.add(new Violation(prefix + ".app_id", "names tenant " + scopedTenant + " but tenant_id is " + tenantId));
            }
            tenantId = scopedTenant;
        }
        if (isAbsent(o, "app_id") && isAbsent(o, "tenant_id")) {
            out.add(new Violation(prefix + ".app_id", "is required (or tenant_id for a tenant-scoped task)"));
        }
        Optional<TraceInfoType> type = typeOf(o, prefix, out);
        JsonValue info = o.get("trace_info");
        if (info == null || info == JsonValue.NULL) {
            out.add(new Violation(prefix + ".trace_info", "is required"));
        } else if (info.getValueType() != JsonValue.ValueType.OBJECT) {
            out.add(new Violation(prefix + ".trace_info", "must be an object"));
        } else if (type.isPresent()) {
            checkTraceInfo(type.get(), info.asJsonObject(), prefix + ".trace_info", out);
        }
        if (!out.isEmpty()) {
            return new Result(null, out);
        }
        String id = taskId != null ? taskId.toLowerCase() : newTaskId != null ? newTaskId : UUID.randomUUID().toString();
        return new Result(new TaskEnvelope(id, appId, tenantId, type.get(), info.asJsonObject()), out);
    }

    public Result validate(JsonValue item, String prefix) {
        return validate(item, prefix, null);
    }

    /** Whether any value lies more than {@code limit} levels down (the root is level 1). */
    static boolean deeperThan(JsonValue root, int limit) {
        return deeperThan(root, 1, limit);
    }

    // The recursion stops at the limit (64), so the check cannot overflow the stack it protects;
    // no boxed pair per value (that walk was two fifths of validation's samples at full load).
    private static boolean deeperThan(JsonValue v, int depth, int limit) {
        if (depth > limit) {
            return true;
        }
        if (v instanceof JsonObject obj) {
            for (JsonValue child : obj.values()) {
                if (deeperThan(child, depth + 1, limit)) {
                    return true;
                }
            }
        } else if (v instanceof JsonArray arr) {
            for (JsonValue child : arr) {
                if (deeperThan(child, depth + 1, limit)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<TraceInfoType> typeOf(JsonObject o, String prefix, List<Violation> out) {
        JsonValue v = o.get("trace_info_type");
        if (v == null || v == JsonValue.NULL) {
            out.add(new Violation(prefix + ".trace_info_type", "is required"));
            return Optional.empty();
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            out.add(new Violation(prefix + ".trace_info_type", "must be a string"));
            return Optional.empty();
        }
        String name = o.getString("trace_info_type");
        Optional<TraceInfoType> type = TraceInfoType.named(name);
        if (type.isEmpty()) {
            out.add(new Violation(prefix + ".trace_info_type", "unknown trace_info_type '" + clip(name) + "'"));
        }
        return type;
    }

    private static void checkTraceInfo(TraceInfoType type, JsonObject info, String path, List<Violation> out) {
        checkRules(type.rules(), info, path, out, false);
        switch (type) {
            case WorkflowTraceInfo -> checkNodes(info, path, out);
            case AppLifecycleEvent -> checkOneOf(info, "action", LIFECYCLE_ACTIONS, path, out);
            case FeedbackEvent -> checkOneOf(info, "rating", RATINGS, path, out);
            default -> { }
        }
    }

    /** Node executions carried inside a workflow inherit its metadata, so theirs is optional. */
    private static void checkNodes(JsonObject info, String path, List<Violation> out) {
        JsonValue nodes = info.get("node_executions");
        if (!(nodes instanceof JsonArray array)) {
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String nodePath = path + ".node_executions[" + i + "]";
            JsonValue node = array.get(i);
            if (node.getValueType() != JsonValue.ValueType.OBJECT) {
                out.add(new Violation(nodePath, "must be an object"));
            } else {
                checkRules(TraceInfoType.WorkflowNodeTraceInfo.rules(), node.asJsonObject(), nodePath, out, true);
            }
        }
    }

    private static void checkRules(List<FieldRule> rules, JsonObject info, String path, List<Violation> out,
                                   boolean metadataOptional) {
        for (FieldRule rule : rules) {
            JsonValue v = info.get(rule.name());
            boolean required = rule.required() && !(metadataOptional && rule.name().equals("metadata"));
            if (v == null || v == JsonValue.NULL) {
                if (required) {
                    out.add(new Violation(path + "." + rule.name(), "is required"));
                }
            } else if (!rule.kind().accepts(v)) {
                out.add(new Violation(path + "." + rule.name(), rule.kind().mismatch()));
            }
        }
    }

    private static void checkOneOf(JsonObject info, String field, Set<String> allowed, String path, List<Violation> out) {
        String value = Fields.text(info, field);
        if (value != null && !allowed.contains(value)) {
            out.add(new Violation(path + "." + field, "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
        }
    }

    private static String optionalText(JsonObject o, String field, String prefix, List<Violation> out) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            out.add(new Violation(prefix + "." + field, "must be a string"));
            return null;
        }
        return o.getString(field);
    }

    private static boolean isAbsent(JsonObject o, String field) {
        JsonValue v = o.get(field);
        return v == null || v == JsonValue.NULL;
    }

    private static String clip(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }
}
