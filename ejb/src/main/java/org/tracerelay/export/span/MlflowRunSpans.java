package org.tracerelay.export.span;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracerelay.export.trace.Run;
import org.tracerelay.export.trace.RunTree;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Timestamps;

/**
 * A task's runs as MLflow spans (dify-providers §2.8), shared by the two MLflow backends: the
 * tracking server (OTLP) and Databricks (trace REST API). MLflow keeps every {@code mlflow.*}
 * attribute as JSON text and reads it back with a JSON parse, so they are built in that form:
 * a span type {@code LLM} travels as {@code "LLM"} with its quotes. Span ids come from the run ids.
 */
public final class MlflowRunSpans {

    public static final String SPAN_TYPE = "mlflow.spanType";
    public static final String INPUTS = "mlflow.spanInputs";
    public static final String OUTPUTS = "mlflow.spanOutputs";
    public static final String TOKEN_USAGE = "mlflow.chat.tokenUsage";
    public static final String MODEL = "mlflow.llm.model";
    public static final String MODEL_PROVIDER = "mlflow.llm.provider";
    /** OTel semantic conventions; MLflow turns them into the trace's mlflow.trace.session / mlflow.trace.user. */
    public static final String SESSION_ID = "session.id";
    public static final String USER_ID = "user.id";

    /** Node types Dify's MLflow integration shows as LLM or TOOL spans; agent is AGENT, every other node a CHAIN. */
    private static final Set<String> LLM_NODES = Set.of("llm", "question-classifier");
    private static final Set<String> TOOL_NODES = Set.of("tool", "code", "http-request");

    private MlflowRunSpans() {
    }

    /** The tree's runs as spans of the given trace, parents linked by run id. */
    public static List<SpanRecord> of(RunTree tree, byte[] traceId) {
        List<SpanRecord> spans = new ArrayList<>();
        for (Run run : tree.runs()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put(SPAN_TYPE, json(Jsonp.createValue(type(run))));
            putJson(a, INPUTS, run.inputs());
            putJson(a, OUTPUTS, run.outputs());
            if ("LLM".equals(type(run))) {
                usage(a, run);
                if (run.model() != null) {
                    a.put(MODEL, json(Jsonp.createValue(run.model())));
                }
                if (run.modelProvider() != null) {
                    a.put(MODEL_PROVIDER, json(Jsonp.createValue(run.modelProvider())));
                }
            }
            if (tree.sessionId() != null) {
                a.put(SESSION_ID, tree.sessionId());
            }
            if (tree.userId() != null) {
                a.put(USER_ID, tree.userId());
            }
            metadata(a, run.metadata());
            spans.add(new SpanRecord(traceId, TraceIds.spanId(run.id()),
                    run.parentId() == null ? null : TraceIds.spanId(run.parentId()), run.name(),
                    Timestamps.nanos(run.start()), Timestamps.nanos(run.end()), a, run.failed() ? run.error() : null));
        }
        return spans;
    }

    /** MLflow's span type, after Dify's mapping: by node type for nodes, by payload type otherwise. */
    public static String type(Run run) {
        if ("node".equals(run.type())) {
            String node = run.nodeType() == null ? "" : run.nodeType();
            if (LLM_NODES.contains(node)) {
                return "LLM";
            }
            if ("knowledge-retrieval".equals(node)) {
                return "RETRIEVER";
            }
            if (TOOL_NODES.contains(node)) {
                return "TOOL";
            }
            return "agent".equals(node) ? "AGENT" : "CHAIN";
        }
        return switch (run.type()) {
            case "llm", "prompt_generation" -> "LLM";
            case "dataset_retrieval" -> "RETRIEVER";
            case "tool", "suggested_question" -> "TOOL";
            default -> "CHAIN";
        };
    }

    /** Only LLM spans carry usage: MLflow adds the spans' usage up into the trace's, and a workflow's total would count twice. */
    private static void usage(Map<String, Object> a, Run run) {
        if (run.usage() == null || !"TOKENS".equals(run.usage().unit())) {
            return;
        }
        a.put(TOKEN_USAGE, json(run.usage().counts("input_tokens", "output_tokens").build()));
    }

    /**
     * Dify's metadata as span attributes, one per key, JSON text like every MLflow attribute.
     * Keys MLflow reserves ({@code mlflow.*}) and keys already set are left out: a payload must
     * not choose the trace id or the span type.
     */
    private static void metadata(Map<String, Object> a, JsonObject metadata) {
        if (metadata == null) {
            return;
        }
        metadata.forEach((key, value) -> {
            if (!key.startsWith("mlflow.") && !a.containsKey(key) && value != JsonValue.NULL) {
                a.put(key, json(value));
            }
        });
    }

    private static void putJson(Map<String, Object> a, String key, JsonValue v) {
        if (v != null && v != JsonValue.NULL) {
            a.put(key, json(v));
        }
    }

    private static String json(JsonValue v) {
        return v.toString();
    }
}
