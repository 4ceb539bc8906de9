package org.tracerelay.export.aliyun;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.tracerelay.json.Jsonp;
import org.tracerelay.task.Fields;
import org.tracerelay.task.TaskEnvelope;

/**
 * A task as the spans Dify's Aliyun integration sends (dify-providers §2.6): a workflow run with
 * its nodes (see {@link AliyunWorkflowSpans}); a {@code message} span with its {@code llm} call;
 * tool calls, retrievals and suggested questions under their message's span. Moderation,
 * conversation naming, single node executions, prompt generation and app or feedback events are
 * not traced by Aliyun: they map to no span.
 */
final class AliyunSpans {

    private AliyunSpans() {
    }

    static List<AliyunSpan> of(TaskEnvelope task, Instant receivedAt) {
        List<AliyunSpan> spans = switch (task.type()) {
            case WorkflowTraceInfo -> AliyunWorkflowSpans.of(task, receivedAt);
            case MessageTraceInfo -> message(task, receivedAt);
            case ToolTraceInfo, DatasetRetrievalTraceInfo, SuggestedQuestionTraceInfo -> underMessage(task, receivedAt);
            case ModerationTraceInfo, GenerateNameTraceInfo, WorkflowNodeTraceInfo, DraftNodeExecutionTrace,
                    PromptGenerationTraceInfo, AppLifecycleEvent, FeedbackEvent -> List.of();
        };
        if (spans.isEmpty()) {
            return spans;
        }
        // The task's top span links to the caller's own trace, when the caller sent one.
        List<AliyunSpan> linked = new ArrayList<>(spans);
        linked.set(0, spans.get(0).linkedTo(AliyunIds.linkedTrace(Fields.text(task.traceInfo(), "trace_id"))));
        return linked;
    }

    private static List<AliyunSpan> message(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        JsonObject meta = AliyunTrace.metadata(info);
        String messageId = Fields.first(Fields.text(info, "message_id"), task.taskId());
        AliyunTrace trace = AliyunTrace.of(task, messageId);
        Instant start = AliyunTrace.start(info, receivedAt);
        Instant end = AliyunTrace.end(info, start, null);
        AliyunTrace.Outcome outcome = AliyunTrace.Outcome.of(Fields.text(info, "error"));
        JsonValue inputs = value(info, "inputs");
        String input = GenAiAttributes.text(inputs);
        String output = GenAiAttributes.text(value(info, "outputs"));
        byte[] messageSpan = AliyunIds.span(messageId, "message");
        AliyunSpan root = trace.span(messageSpan, null, "message", start, end,
                trace.attributes().kind("CHAIN", "message").io(input, output), outcome, true);
        GenAiAttributes llm = trace.attributes().kind("LLM", "chat")
                .llm(Fields.text(meta, "ls_model_name"), Fields.text(meta, "ls_provider"), inputs, output)
                .usage(Fields.integer(info, "message_tokens"), Fields.integer(info, "answer_tokens"),
                        Fields.integer(info, "total_tokens"))
                .io(input, output);
        Double ttft = Fields.number(info, "gen_ai_server_time_to_first_token");
        llm.put("gen_ai.response.time_to_first_token", ttft == null ? null : (Object) Math.round(ttft * 1e9));
        return List.of(root, trace.span(AliyunIds.span(messageId, "llm"), messageSpan, "llm", start, end, llm, outcome, false));
    }

    /** Dify drops these when they belong to no message: there is no message span to hang them on. */
    private static List<AliyunSpan> underMessage(TaskEnvelope task, Instant receivedAt) {
        JsonObject info = task.traceInfo();
        String messageId = Fields.first(Fields.text(info, "message_id"), Fields.text(AliyunTrace.metadata(info), "message_id"));
        if (messageId == null) {
            return List.of();
        }
        AliyunTrace trace = AliyunTrace.of(task, messageId);
        byte[] parent = AliyunIds.span(messageId, "message");
        Instant start = AliyunTrace.start(info, receivedAt);
        String error = Fields.text(info, "error");
        return List.of(switch (task.type()) {
            case ToolTraceInfo -> tool(trace, task, parent, start);
            case DatasetRetrievalTraceInfo -> retrieval(trace, task, parent, start);
            default -> suggestedQuestion(trace, info, messageId, parent, start,
                    Fields.first(error, Fields.text(info, "status_message")));
        });
    }

    private static AliyunSpan tool(AliyunTrace trace, TaskEnvelope task, byte[] parent, Instant start) {
        JsonObject info = task.traceInfo();
        String name = Fields.first(Fields.text(info, "tool_name"), "tool");
        String arguments = GenAiAttributes.text(value(info, "tool_inputs"));
        String result = GenAiAttributes.text(value(info, "tool_outputs"));
        GenAiAttributes a = trace.attributes().kind("TOOL", "execute_tool")
                .put("tool.name", name).put("tool.description", GenAiAttributes.text(value(info, "tool_config")))
                .put("tool.parameters", arguments).put("gen_ai.tool.name", name)
                .put("gen_ai.tool.call.arguments", arguments).put("gen_ai.tool.call.result", result)
                .io(arguments, result);
        // Dify gives tool calls a random span id; the task id keeps a resent batch's ids the same.
        return trace.span(AliyunIds.span(task.taskId(), "tool"), parent, name, start,
                AliyunTrace.end(info, start, Fields.number(info, "time_cost")), a,
                AliyunTrace.Outcome.of(Fields.text(info, "error")), false);
    }

    private static AliyunSpan retrieval(AliyunTrace trace, TaskEnvelope task, byte[] parent, Instant start) {
        JsonObject info = task.traceInfo();
        String query = GenAiAttributes.text(value(info, "inputs"));
        String documents = documents(value(info, "documents")).toString();
        GenAiAttributes a = trace.attributes().kind("RETRIEVER", "retrieval")
                .put("retrieval.query", query).put("retrieval.document", documents).io(query, documents);
        return trace.span(AliyunIds.span(task.taskId(), "dataset_retrieval"), parent, "dataset_retrieval", start,
                AliyunTrace.end(info, start, null), a, AliyunTrace.Outcome.unset(Fields.text(info, "error")), false);
    }

    private static AliyunSpan suggestedQuestion(AliyunTrace trace, JsonObject info, String messageId, byte[] parent,
                                                Instant start, String error) {
        JsonObject meta = AliyunTrace.metadata(info);
        JsonValue inputs = value(info, "inputs");
        String questions = GenAiAttributes.text(value(info, "suggested_question"));
        GenAiAttributes a = trace.attributes().kind("LLM", "chat")
                .llm(Fields.first(Fields.text(info, "model_id"), Fields.text(meta, "ls_model_name")),
                        Fields.first(Fields.text(info, "model_provider"), Fields.text(meta, "ls_provider")), inputs, questions)
                .io(GenAiAttributes.text(inputs), questions);
        return trace.span(AliyunIds.span(messageId, "suggested_question"), parent, "suggested_question", start,
                AliyunTrace.end(info, start, null), a, AliyunTrace.Outcome.of(error), false);
    }

    /** Retrieved segments as ARMS lists them: content, score and the ids that locate them. */
    static JsonArray documents(JsonValue docs) {
        JsonArrayBuilder out = Jsonp.createArrayBuilder();
        if (docs instanceof JsonArray list) {
            for (JsonValue d : list) {
                if (!(d instanceof JsonObject doc)) {
                    continue;
                }
                JsonObject meta = Fields.object(doc, "metadata");
                var ids = Jsonp.createObjectBuilder();
                for (String key : List.of("dataset_id", "doc_id", "document_id")) {
                    ids.add(key, value(meta, key));
                }
                out.add(Jsonp.createObjectBuilder().add("content", value(doc, doc.containsKey("page_content") ? "page_content" : "content"))
                        .add("metadata", ids).add("score", doc.containsKey("score") ? value(doc, "score") : value(meta, "score")));
            }
        }
        return out.build();
    }

    static JsonValue value(JsonObject o, String field) {
        JsonValue v = o == null ? null : o.get(field);
        return v == null ? JsonValue.NULL : v;
    }
}
