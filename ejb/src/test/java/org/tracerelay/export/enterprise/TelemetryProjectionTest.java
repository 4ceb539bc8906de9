package org.tracerelay.export.enterprise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tracerelay.export.span.SpanRecord;
import org.tracerelay.export.span.TelemetryLog;
import org.tracerelay.export.span.TraceIds;
import org.tracerelay.task.TaskEnvelope;

/** Every signal family of the data dictionary, from the payloads Dify sends. */
class TelemetryProjectionTest {

    static final ContentGate WITH_CONTENT = new ContentGate(true);
    static final ContentGate NO_CONTENT = new ContentGate(false);
    static final Instant RECEIVED = Instant.parse("2026-11-21T10:00:00Z");

    static TaskTelemetry project(TaskEnvelope task, ContentGate gate) {
        return TelemetryProjection.of(task, RECEIVED, gate);
    }

    static List<String> keys(String... keys) {
        List<String> all = new ArrayList<>(List.of("dify.event.name", "dify.event.signal"));
        all.addAll(List.of(keys));
        return all;
    }

    static Set<String> labelSet(Measurement m) {
        return new TreeSet<>(m.labels().keySet());
    }

    static List<Measurement> of(TaskTelemetry t, Instrument i) {
        return t.measurements().stream().filter(m -> m.instrument() == i).toList();
    }

    // --- spans and companion logs (§4, §5, §8.1)

    @Test
    void workflowWithLlmToolAndKnowledgeNodes() {
        TaskTelemetry t = project(Tasks.workflow("succeeded", ""), WITH_CONTENT);
        assertEquals(List.of("dify.workflow.run", "dify.node.execution", "dify.node.execution", "dify.node.execution"),
                t.spans().stream().map(SpanRecord::name).toList());
        SpanRecord root = t.spans().get(0);
        assertEquals(Tasks.RUN.replace("-", ""), TraceIds.hex(root.traceId()));
        assertNull(root.parentSpanId());
        for (SpanRecord node : t.spans().subList(1, 4)) {
            assertArrayEquals(root.traceId(), node.traceId());
            assertArrayEquals(root.spanId(), node.parentSpanId());
        }
        assertEquals(4, t.logs().size());
        for (int i = 0; i < 4; i++) {
            TelemetryLog log = t.logs().get(i);
            assertEquals(t.spans().get(i).name(), log.eventName());
            assertEquals("span_detail", log.attributes().get("dify.event.signal"));
            assertArrayEquals(t.spans().get(i).traceId(), log.traceId());
            assertArrayEquals(t.spans().get(i).spanId(), log.spanId());
            assertTrue(log.attributes().keySet().containsAll(t.spans().get(i).attributes().keySet()),
                    "a companion log carries every span attribute");
        }
    }

    @Test
    void workflowCompanionLogKeys() {
        TelemetryLog log = project(Tasks.workflow("succeeded", ""), WITH_CONTENT).logs().get(0);
        List<String> expected = keys("dify.trace_id", "dify.tenant_id", "dify.app_id", "dify.workflow.id",
                "dify.workflow.run_id", "dify.workflow.status", "dify.workflow.error", "dify.workflow.elapsed_time",
                "dify.invoke_from", "dify.conversation.id", "dify.message.id", "dify.invoked_by", "dify.user.id",
                "gen_ai.usage.total_tokens", "dify.workflow.version", "dify.workflow.inputs", "dify.workflow.outputs",
                "dify.workflow.query", "tenant_id", "user_id");
        assertEquals(expected, List.copyOf(log.attributes().keySet()));
        assertEquals("{\"query\":\"What is the weather?\"}", log.attributes().get("dify.workflow.inputs"));
        assertEquals(205L, log.attributes().get("gen_ai.usage.total_tokens"));
        assertEquals("2026-11-01", log.attributes().get("dify.workflow.version"));
        assertEquals("app-run", log.attributes().get("dify.invoke_from"));
    }

    @Test
    void nodeCompanionLogsCarryOnlyTheirConditionalAttributes() {
        List<TelemetryLog> logs = project(Tasks.workflow("succeeded", ""), WITH_CONTENT).logs();
        List<String> spanKeys = List.of("dify.trace_id", "dify.tenant_id", "dify.app_id", "dify.workflow.id",
                "dify.workflow.run_id", "dify.message.id", "dify.conversation.id", "dify.node.execution_id", "dify.node.id",
                "dify.node.type", "dify.node.title", "dify.node.status", "dify.node.error", "dify.node.elapsed_time",
                "dify.node.index", "dify.node.predecessor_node_id", "dify.node.iteration_id", "dify.node.loop_id",
                "dify.node.parallel_id", "dify.node.invoked_by", "dify.user.id");
        List<String> content = List.of("dify.node.inputs", "dify.node.outputs", "dify.node.process_data", "tenant_id", "user_id");

        List<String> llm = new ArrayList<>(keys());
        llm.addAll(spanKeys);
        llm.addAll(List.of("gen_ai.provider.name", "gen_ai.request.model", "gen_ai.usage.input_tokens",
                "gen_ai.usage.output_tokens", "gen_ai.usage.total_tokens", "dify.node.total_price", "dify.node.currency"));
        llm.addAll(content);
        assertEquals(llm, List.copyOf(logs.get(1).attributes().keySet()));
        assertEquals("openai", logs.get(1).attributes().get("gen_ai.provider.name"));
        assertEquals(120L, logs.get(1).attributes().get("gen_ai.usage.input_tokens"));
        assertEquals(0.0123, logs.get(1).attributes().get("dify.node.total_price"));

        List<String> tool = new ArrayList<>(keys());
        tool.addAll(spanKeys);
        tool.addAll(List.of("dify.node.plugin_name", "dify.node.plugin_id"));
        tool.addAll(content);
        assertEquals(tool, List.copyOf(logs.get(2).attributes().keySet()));
        assertEquals("weather", logs.get(2).attributes().get("dify.node.plugin_name"));

        List<String> knowledge = new ArrayList<>(keys());
        knowledge.addAll(spanKeys);
        knowledge.addAll(List.of("dify.node.plugin_name", "dify.node.plugin_id", "dify.dataset.id", "dify.dataset.name"));
        knowledge.addAll(content);
        assertEquals(knowledge, List.copyOf(logs.get(3).attributes().keySet()));
        assertEquals(Tasks.DATASET, logs.get(3).attributes().get("dify.dataset.id"));
        assertEquals("Product Documentation", logs.get(3).attributes().get("dify.dataset.name"));
        assertTrue(logs.get(2).attributes().containsKey("dify.node.process_data"));
        assertNull(logs.get(2).attributes().get("dify.node.process_data"), "nulls stay in logs");
    }

    @Test
    void draftNodeIsItsOwnRoot() {
        TaskTelemetry t = project(Tasks.draftNode(), WITH_CONTENT);
        SpanRecord span = t.spans().get(0);
        assertEquals("dify.node.execution.draft", span.name());
        assertEquals(Tasks.LLM_NODE.replace("-", ""), TraceIds.hex(span.traceId()));
        assertNull(span.parentSpanId());
        assertEquals("dify.node.execution.draft", t.logs().get(0).eventName());
        Measurement requests = of(t, Instrument.REQUESTS_TOTAL).get(0);
        assertEquals("draft_node", requests.labels().get("type"));
    }

    @Test
    void nestedWorkflowSharesTheOuterTraceUnderTheToolNodeAndCarriesParentAttributes() {
        String inner = "11111111-2222-4333-8444-555555555555";
        var ctx = jakarta.json.Json.createObjectBuilder().add("parent_workflow_run_id", Tasks.RUN)
                .add("parent_node_execution_id", Tasks.TOOL_NODE).add("trace_id", Tasks.RUN).add("parent_app_id", Tasks.APP);
        var info = jakarta.json.Json.createObjectBuilder(Tasks.workflow("succeeded", "").traceInfo()).add("workflow_run_id", inner)
                .remove("node_executions").add("metadata", jakarta.json.Json.createObjectBuilder().add("app_id", Tasks.APP)
                        .add("parent_trace_context", ctx)).build();
        TaskTelemetry t = project(new TaskEnvelope(Tasks.taskId("nested"), Tasks.APP, Tasks.TENANT,
                Tasks.workflow("", "").type(), info), WITH_CONTENT);
        SpanRecord span = t.spans().get(0);
        assertEquals(Tasks.RUN.replace("-", ""), TraceIds.hex(span.traceId()), "the outer run's trace");
        assertArrayEquals(TraceIds.spanId(Tasks.TOOL_NODE), span.parentSpanId());
        Map<String, Object> log = t.logs().get(0).attributes();
        assertEquals(Tasks.RUN, log.get("dify.parent.workflow.run_id"));
        assertEquals(Tasks.TOOL_NODE, log.get("dify.parent.node.execution_id"));
        assertEquals(Tasks.APP, log.get("dify.parent.app.id"));
        assertEquals(Tasks.RUN, log.get("dify.parent.trace_id"));
        assertFalse(project(Tasks.workflow("succeeded", ""), WITH_CONTENT).logs().get(0).attributes().containsKey("dify.parent.trace_id"),
                "parent attributes only for nested runs");
    }

    @Test
    void nestedWorkflowNodesWithTheirOwnMetadataJoinTheOuterTraceUnderTheNestedRun() {
        TaskEnvelope task = Tasks.nestedWorkflow();
        TaskTelemetry t = project(task, WITH_CONTENT);
        assertEquals(List.of("dify.workflow.run", "dify.node.execution", "dify.node.execution"),
                t.spans().stream().map(SpanRecord::name).toList());
        SpanRecord nested = t.spans().get(0);
        assertEquals(Tasks.RUN.replace("-", ""), TraceIds.hex(nested.traceId()), "the outer run's trace");
        assertArrayEquals(TraceIds.spanId(Tasks.TOOL_NODE), nested.parentSpanId(), "under the outer tool node");
        for (int i = 1; i < t.spans().size(); i++) {
            SpanRecord node = t.spans().get(i);
            String name = node.attributes().get("dify.node.execution_id").toString();
            assertTrue(task.traceInfo().getJsonArray("node_executions").getJsonObject(i - 1).containsKey("metadata"),
                    "the node carries metadata of its own");
            assertEquals(TraceIds.hex(nested.traceId()), TraceIds.hex(node.traceId()), name);
            assertEquals(TraceIds.hex(nested.spanId()), TraceIds.hex(node.parentSpanId()), name);
            assertArrayEquals(node.traceId(), t.logs().get(i).traceId(), "its companion log follows its span");
        }
        assertArrayEquals(TraceIds.spanId(Tasks.NESTED_RUN), nested.spanId());
    }

    @Test
    void anEmptyErrorIsNoErrorAttribute() {
        TaskTelemetry ok = project(withNodeErrors(Tasks.workflow("succeeded", ""), "succeeded", ""), WITH_CONTENT);
        for (SpanRecord span : ok.spans()) {
            assertFalse(span.attributes().containsKey("dify.workflow.error"), span.name());
            assertFalse(span.attributes().containsKey("dify.node.error"), span.name());
            assertNull(span.errorMessage(), span.name());
        }
        assertTrue(ok.logs().get(0).attributes().containsKey("dify.workflow.error"), "the log keeps the key");
        assertNull(ok.logs().get(0).attributes().get("dify.workflow.error"), "as null, not \"\"");
        assertNull(ok.logs().get(1).attributes().get("dify.node.error"));

        TaskTelemetry failed = project(withNodeErrors(Tasks.workflow("failed", "boom"), "failed", "timeout"), WITH_CONTENT);
        assertEquals("boom", failed.spans().get(0).attributes().get("dify.workflow.error"));
        assertEquals("timeout", failed.spans().get(1).attributes().get("dify.node.error"));
        assertEquals("boom", failed.logs().get(0).attributes().get("dify.workflow.error"));
        assertEquals("timeout", failed.logs().get(1).attributes().get("dify.node.error"));
    }

    /** The workflow with every node given this status and error. */
    static TaskEnvelope withNodeErrors(TaskEnvelope workflow, String status, String error) {
        var nodes = jakarta.json.Json.createArrayBuilder();
        workflow.traceInfo().getJsonArray("node_executions").forEach(n -> nodes.add(jakarta.json.Json
                .createObjectBuilder(n.asJsonObject()).add("status", status).add("error", error)));
        return new TaskEnvelope(workflow.taskId(), workflow.appId(), workflow.tenantId(), workflow.type(),
                jakarta.json.Json.createObjectBuilder(workflow.traceInfo()).add("node_executions", nodes).build());
    }

    // --- standalone logs (§8.2): exactly the listed keys

    @Test
    void messageLog() {
        TelemetryLog log = project(Tasks.message(""), WITH_CONTENT).logs().get(0);
        assertEquals("dify.message.run", log.eventName());
        assertEquals(keys("tenant_id", "user_id", "dify.app_id", "dify.message.id", "dify.conversation.id",
                "dify.workflow.run_id", "dify.invoke_from", "gen_ai.provider.name", "gen_ai.request.model",
                "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.total_tokens",
                "dify.message.status", "dify.message.error", "dify.message.duration", "dify.message.time_to_first_token",
                "dify.message.inputs", "dify.message.outputs"), List.copyOf(log.attributes().keySet()));
        assertEquals("metric_only", log.attributes().get("dify.event.signal"));
        assertEquals("succeeded", log.attributes().get("dify.message.status"));
        assertEquals(2.45, (Double) log.attributes().get("dify.message.duration"), 1e-9);
        assertEquals("web-app", log.attributes().get("dify.invoke_from"));
        assertEquals(Tasks.MESSAGE.replace("-", ""), TraceIds.hex(log.traceId()), "no workflow run: the message's trace");
        assertArrayEquals(TraceIds.spanId(Tasks.MESSAGE), log.spanId());
    }

    @Test
    void toolLog() {
        TelemetryLog log = project(Tasks.tool(""), WITH_CONTENT).logs().get(0);
        assertEquals("dify.tool.execution", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.message.id", "dify.tool.name", "dify.tool.duration",
                "dify.tool.status", "dify.tool.error", "dify.tool.inputs", "dify.tool.outputs", "dify.tool.parameters",
                "dify.tool.config"), List.copyOf(log.attributes().keySet()));
        assertEquals("weather_api", log.attributes().get("dify.tool.name"));
        assertEquals(0.85, log.attributes().get("dify.tool.duration"));
    }

    @Test
    void moderationLog() {
        TelemetryLog log = project(Tasks.moderation(), WITH_CONTENT).logs().get(0);
        assertEquals("dify.moderation.check", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.message.id", "dify.moderation.type", "dify.moderation.action",
                "dify.moderation.flagged", "dify.moderation.categories", "dify.moderation.query"),
                List.copyOf(log.attributes().keySet()));
        assertEquals(Boolean.FALSE, log.attributes().get("dify.moderation.flagged"));
        assertEquals("What is the weather?", log.attributes().get("dify.moderation.query"));
    }

    @Test
    void suggestedQuestionLog() {
        TelemetryLog log = project(Tasks.suggestedQuestion(), WITH_CONTENT).logs().get(0);
        assertEquals("dify.suggested_question.generation", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.message.id", "dify.suggested_question.count",
                "dify.suggested_question.duration", "dify.suggested_question.status", "dify.suggested_question.error",
                "dify.suggested_question.questions"), List.copyOf(log.attributes().keySet()));
        assertEquals(2L, log.attributes().get("dify.suggested_question.count"));
        assertEquals("[\"What about tomorrow?\",\"Is it raining?\"]", log.attributes().get("dify.suggested_question.questions"));
    }

    @Test
    void datasetRetrievalLogAndCounter() {
        TaskTelemetry t = project(Tasks.datasetRetrieval(), WITH_CONTENT);
        TelemetryLog log = t.logs().get(0);
        assertEquals("dify.dataset.retrieval", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.message.id", "dify.dataset.id", "dify.dataset.name",
                "dify.retrieval.query", "dify.retrieval.document_count", "dify.retrieval.duration", "dify.retrieval.status",
                "dify.retrieval.error", "dify.dataset.documents"), List.copyOf(log.attributes().keySet()));
        assertEquals(2L, log.attributes().get("dify.retrieval.document_count"));
        assertEquals("[{\"dataset_id\":\"" + Tasks.DATASET + "\",\"document_id\":\"doc1\",\"segment_id\":\"seg1\",\"score\":0.95},"
                + "{\"dataset_id\":\"" + Tasks.DATASET + "\",\"document_id\":\"doc1\",\"segment_id\":\"seg1\",\"score\":0.95}]",
                log.attributes().get("dify.dataset.documents"));
        List<Measurement> retrievals = of(t, Instrument.DATASET_RETRIEVALS_TOTAL);
        assertEquals(1, retrievals.size(), "one per distinct dataset");
        assertEquals(Set.of("tenant_id", "app_id", "dataset_id"), labelSet(retrievals.get(0)));
    }

    @Test
    void generateNameLog() {
        TelemetryLog log = project(Tasks.generateName(), WITH_CONTENT).logs().get(0);
        assertEquals("dify.generate_name.execution", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.conversation.id", "dify.generate_name.duration",
                "dify.generate_name.status", "dify.generate_name.error", "dify.generate_name.inputs",
                "dify.generate_name.outputs"), List.copyOf(log.attributes().keySet()));
        assertEquals("Weather Inquiry", log.attributes().get("dify.generate_name.outputs"));
        assertEquals(0.75, (Double) log.attributes().get("dify.generate_name.duration"), 1e-9);
    }

    @Test
    void promptGenerationLog() {
        TelemetryLog log = project(Tasks.promptGeneration(""), WITH_CONTENT).logs().get(0);
        assertEquals("dify.prompt_generation.execution", log.eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.prompt_generation.operation_type", "gen_ai.provider.name",
                "gen_ai.request.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
                "gen_ai.usage.total_tokens", "dify.prompt_generation.duration", "dify.prompt_generation.status",
                "dify.prompt_generation.error", "dify.prompt_generation.instruction", "dify.prompt_generation.output"),
                List.copyOf(log.attributes().keySet()));
    }

    @Test
    void appLifecycleLogsAndCounters() {
        TaskTelemetry created = project(Tasks.appEvent("created"), WITH_CONTENT);
        assertEquals("dify.app.created", created.logs().get(0).eventName());
        assertEquals(keys("tenant_id", "dify.app_id", "dify.app.mode", "dify.app.created_at"),
                List.copyOf(created.logs().get(0).attributes().keySet()));
        assertNull(created.logs().get(0).traceId());
        assertEquals(Set.of("tenant_id", "app_id", "mode"), labelSet(of(created, Instrument.APP_CREATED_TOTAL).get(0)));
        TaskTelemetry updated = project(Tasks.appEvent("updated"), WITH_CONTENT);
        assertEquals(keys("tenant_id", "dify.app_id", "dify.app.updated_at"), List.copyOf(updated.logs().get(0).attributes().keySet()));
        assertEquals(Set.of("tenant_id", "app_id"), labelSet(of(updated, Instrument.APP_UPDATED_TOTAL).get(0)));
        TaskTelemetry deleted = project(Tasks.appEvent("deleted"), WITH_CONTENT);
        assertEquals(keys("tenant_id", "dify.app_id", "dify.app.deleted_at"), List.copyOf(deleted.logs().get(0).attributes().keySet()));
        assertEquals(Set.of("tenant_id", "app_id"), labelSet(of(deleted, Instrument.APP_DELETED_TOTAL).get(0)));
    }

    @Test
    void feedbackLogAndCounter() {
        TaskTelemetry t = project(Tasks.feedback(), WITH_CONTENT);
        assertEquals(keys("tenant_id", "dify.app_id", "dify.message.id", "dify.feedback.rating", "dify.feedback.content",
                "dify.feedback.created_at"), List.copyOf(t.logs().get(0).attributes().keySet()));
        assertArrayEquals(TraceIds.spanId(Tasks.MESSAGE), t.logs().get(0).spanId());
        Measurement m = of(t, Instrument.FEEDBACK_TOTAL).get(0);
        assertEquals(Map.of("tenant_id", Tasks.TENANT, "app_id", Tasks.APP, "rating", "like"), m.labels());
    }

    @Test
    void rehydrationFailedLog() {
        TelemetryLog log = LifecycleTelemetry.rehydrationFailed(Tasks.TENANT, "payload cannot be opened",
                org.tracerelay.task.TraceInfoType.WorkflowTraceInfo, "task-1", RECEIVED);
        assertEquals(keys("tenant_id", "dify.telemetry.error", "dify.telemetry.payload_type", "dify.telemetry.correlation_id"),
                List.copyOf(log.attributes().keySet()));
        assertEquals("workflow", log.attributes().get("dify.telemetry.payload_type"));
    }

    // --- counters and histograms (§6, §7): label sets per type

    @Test
    void requestLabelSetsPerType() {
        Map<String, Set<String>> expected = Map.of(
                "workflow", Set.of("type", "tenant_id", "app_id", "status", "invoke_from"),
                "node", Set.of("type", "tenant_id", "app_id", "node_type", "model_provider", "status"),
                "draft_node", Set.of("type", "tenant_id", "app_id", "node_type", "model_provider", "status"),
                "message", Set.of("type", "tenant_id", "app_id", "model_provider", "model_name", "status", "invoke_from"),
                "tool", Set.of("type", "tenant_id", "app_id", "tool_name"),
                "moderation", Set.of("type", "tenant_id", "app_id"),
                "suggested_question", Set.of("type", "tenant_id", "app_id"),
                "dataset_retrieval", Set.of("type", "tenant_id", "app_id"),
                "generate_name", Set.of("type", "tenant_id", "app_id"),
                "prompt_generation", Set.of("type", "tenant_id", "app_id", "operation_type", "model_provider", "model_name", "status"));
        List<Measurement> all = new ArrayList<>();
        for (TaskEnvelope task : List.of(Tasks.workflow("succeeded", ""), Tasks.draftNode(), Tasks.message(""), Tasks.tool(""),
                Tasks.moderation(), Tasks.suggestedQuestion(), Tasks.datasetRetrieval(), Tasks.generateName(),
                Tasks.promptGeneration(""))) {
            all.addAll(project(task, WITH_CONTENT).measurements());
        }
        Map<String, Set<String>> seen = all.stream().filter(m -> m.instrument() == Instrument.REQUESTS_TOTAL)
                .collect(Collectors.toMap(m -> m.labels().get("type"), TelemetryProjectionTest::labelSet, (a, b) -> {
                    assertEquals(a, b, "one label set per type");
                    return a;
                }));
        assertEquals(expected, seen);
    }

    @Test
    void errorLabelSetsOnlyOnError() {
        assertTrue(of(project(Tasks.workflow("succeeded", ""), WITH_CONTENT), Instrument.ERRORS_TOTAL).isEmpty());
        Map<String, Set<String>> expected = Map.of(
                "workflow", Set.of("type", "tenant_id", "app_id"),
                "message", Set.of("type", "tenant_id", "app_id", "model_provider", "model_name"),
                "tool", Set.of("type", "tenant_id", "app_id", "tool_name"),
                "prompt_generation", Set.of("type", "tenant_id", "app_id", "operation_type", "model_provider", "model_name"));
        List<Measurement> errors = new ArrayList<>();
        for (TaskEnvelope task : List.of(Tasks.workflow("failed", "boom"), Tasks.message("rate limited"), Tasks.tool("timeout"),
                Tasks.promptGeneration("bad model"))) {
            errors.addAll(of(project(task, WITH_CONTENT), Instrument.ERRORS_TOTAL));
        }
        assertEquals(expected, errors.stream().collect(Collectors.toMap(m -> m.labels().get("type"), TelemetryProjectionTest::labelSet)));
        TelemetryLog failedMessage = project(Tasks.message("rate limited"), WITH_CONTENT).logs().get(0);
        assertEquals("failed", failedMessage.attributes().get("dify.message.status"));
    }

    @Test
    void tokenCountersCarryOperationTypeAndNodeTypeOnlyForNodes() {
        TaskTelemetry t = project(Tasks.workflow("succeeded", ""), WITH_CONTENT);
        List<Measurement> totals = of(t, Instrument.TOKENS_TOTAL);
        assertEquals(2, totals.size(), "workflow and its LLM node: filter by operation_type to avoid double counting");
        Measurement workflow = totals.stream().filter(m -> m.labels().get("operation_type").equals("workflow")).findFirst().orElseThrow();
        assertEquals(Set.of("tenant_id", "app_id", "operation_type", "model_provider", "model_name"), labelSet(workflow));
        assertEquals(205.0, workflow.value());
        Measurement node = totals.stream().filter(m -> m.labels().get("operation_type").equals("node_execution")).findFirst().orElseThrow();
        assertEquals(Set.of("tenant_id", "app_id", "operation_type", "model_provider", "model_name", "node_type"), labelSet(node));
        assertEquals("llm", node.labels().get("node_type"));
        assertEquals(120.0, of(t, Instrument.TOKENS_INPUT).get(0).value());
        Measurement prompt = of(project(Tasks.promptGeneration(""), WITH_CONTENT), Instrument.TOKENS_TOTAL).get(0);
        assertEquals("rule_generate", prompt.labels().get("operation_type"));
    }

    @Test
    void histogramLabels() {
        TaskTelemetry wf = project(Tasks.workflow("succeeded", ""), WITH_CONTENT);
        assertEquals(Set.of("tenant_id", "app_id", "status"), labelSet(of(wf, Instrument.WORKFLOW_DURATION).get(0)));
        List<Measurement> nodes = of(wf, Instrument.NODE_DURATION);
        assertEquals(Set.of("tenant_id", "app_id", "node_type", "model_provider"), labelSet(nodes.get(0)));
        assertEquals(Set.of("tenant_id", "app_id", "node_type", "model_provider", "plugin_name"), labelSet(nodes.get(1)));
        assertEquals("weather", nodes.get(1).labels().get("plugin_name"));
        TaskTelemetry msg = project(Tasks.message(""), WITH_CONTENT);
        assertEquals(Set.of("tenant_id", "app_id", "model_provider", "model_name"), labelSet(of(msg, Instrument.MESSAGE_DURATION).get(0)));
        assertEquals(0.32, of(msg, Instrument.MESSAGE_TIME_TO_FIRST_TOKEN).get(0).value());
        assertEquals(Set.of("tenant_id", "app_id", "tool_name"), labelSet(of(project(Tasks.tool(""), WITH_CONTENT), Instrument.TOOL_DURATION).get(0)));
        assertEquals(Set.of("tenant_id", "app_id", "operation_type", "model_provider", "model_name"),
                labelSet(of(project(Tasks.promptGeneration(""), WITH_CONTENT), Instrument.PROMPT_GENERATION_DURATION).get(0)));
    }

    // --- content gating (§9)

    @Test
    void contentExcludedBecomesReferences() {
        TaskTelemetry wf = project(Tasks.workflow("succeeded", ""), NO_CONTENT);
        String runRef = "ref:workflow_run_id=" + Tasks.RUN;
        assertEquals(runRef, wf.logs().get(0).attributes().get("dify.workflow.inputs"));
        assertEquals(runRef, wf.logs().get(0).attributes().get("dify.workflow.outputs"));
        assertEquals(runRef, wf.logs().get(0).attributes().get("dify.workflow.query"));
        String nodeRef = "ref:node_execution_id=" + Tasks.LLM_NODE;
        for (String key : List.of("dify.node.inputs", "dify.node.outputs", "dify.node.process_data")) {
            assertEquals(nodeRef, wf.logs().get(1).attributes().get(key));
        }
        String messageRef = "ref:message_id=" + Tasks.MESSAGE;
        assertEquals(messageRef, project(Tasks.message(""), NO_CONTENT).logs().get(0).attributes().get("dify.message.inputs"));
        assertEquals(messageRef, project(Tasks.message(""), NO_CONTENT).logs().get(0).attributes().get("dify.message.outputs"));
        Map<String, Object> tool = project(Tasks.tool(""), NO_CONTENT).logs().get(0).attributes();
        for (String key : List.of("dify.tool.inputs", "dify.tool.outputs", "dify.tool.parameters", "dify.tool.config")) {
            assertEquals(messageRef, tool.get(key));
        }
        assertEquals(messageRef, project(Tasks.moderation(), NO_CONTENT).logs().get(0).attributes().get("dify.moderation.query"));
        assertEquals(messageRef, project(Tasks.suggestedQuestion(), NO_CONTENT).logs().get(0).attributes().get("dify.suggested_question.questions"));
        Map<String, Object> retrieval = project(Tasks.datasetRetrieval(), NO_CONTENT).logs().get(0).attributes();
        assertEquals(messageRef, retrieval.get("dify.retrieval.query"));
        assertEquals(messageRef, retrieval.get("dify.dataset.documents"));
        Map<String, Object> name = project(Tasks.generateName(), NO_CONTENT).logs().get(0).attributes();
        assertEquals("ref:conversation_id=" + Tasks.CONVERSATION, name.get("dify.generate_name.inputs"));
        assertEquals("ref:conversation_id=" + Tasks.CONVERSATION, name.get("dify.generate_name.outputs"));
        Map<String, Object> prompt = project(Tasks.promptGeneration(""), NO_CONTENT).logs().get(0).attributes();
        assertEquals("ref:trace_id=" + Tasks.taskId("PromptGenerationTraceInfo"), prompt.get("dify.prompt_generation.instruction"));
        assertEquals("ref:trace_id=" + Tasks.taskId("PromptGenerationTraceInfo"), prompt.get("dify.prompt_generation.output"));
        assertFalse(project(Tasks.feedback(), NO_CONTENT).logs().get(0).attributes().containsKey("dify.feedback.content"),
                "feedback text is omitted, not referenced");
        assertEquals("Very helpful response!", project(Tasks.feedback(), WITH_CONTENT).logs().get(0).attributes().get("dify.feedback.content"));
    }

    @Test
    void gatingNeverChangesSpansOrMetrics() {
        TaskTelemetry on = project(Tasks.workflow("succeeded", ""), WITH_CONTENT);
        TaskTelemetry off = project(Tasks.workflow("succeeded", ""), NO_CONTENT);
        assertEquals(on.measurements(), off.measurements());
        assertEquals(on.spans().stream().map(SpanRecord::attributes).toList(), off.spans().stream().map(SpanRecord::attributes).toList());
    }
}
