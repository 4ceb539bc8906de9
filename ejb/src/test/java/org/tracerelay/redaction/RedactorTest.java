package org.tracerelay.redaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.crypto.Pseudonyms;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

class RedactorTest {

    private static final Pseudonyms PSEUDONYMS = new Pseudonyms(
            new MasterKeys(Base64.getEncoder().encodeToString(new byte[32]), null));

    private static Redacted redact(JsonObject rules, TaskEnvelope task) {
        return new Redactor(RedactionRules.read(rules), v -> PSEUDONYMS.of(task.tenantId(), v)).apply(task);
    }

    @ParameterizedTest
    @EnumSource(TraceInfoType.class)
    void nothingMatchingATypicalRuleLeavesInAnyField(TraceInfoType type) {
        TaskEnvelope task = PersonalDataCorpus.task(type);
        Redacted r = redact(PersonalDataCorpus.typicalRules(), task);
        String out = r.task().toJson().toString();
        List<String> leaks = new ArrayList<>();
        for (String planted : PersonalDataCorpus.PLANTED) {
            if (out.contains(planted) || out.contains(planted.replace("\"", "\\\""))) {
                leaks.add(planted);
            }
        }
        for (String id : PersonalDataCorpus.USER_IDS) {
            if (out.contains("\"" + id + "\"")) {
                leaks.add(id);
            }
        }
        assertEquals(List.of(), leaks, "leaked into the exported task");
    }

    @ParameterizedTest
    @EnumSource(TraceInfoType.class)
    void whatNoRuleMatchesArrivesUnchanged(TraceInfoType type) {
        TaskEnvelope task = PersonalDataCorpus.task(type);
        JsonObject out = redact(PersonalDataCorpus.typicalRules(), task).task().traceInfo();
        String text = out.toString();
        for (String lookAlike : PersonalDataCorpus.LOOK_ALIKES) {
            assertTrue(text.contains(lookAlike), lookAlike + " was changed");
        }
        for (String structural : List.of("workflow_run_id", "message_id", "tenant_id", "start_time", "end_time",
                "total_tokens", "elapsed_time", "status")) {
            assertEquals(task.traceInfo().get(structural), out.get(structural), structural);
        }
        assertEquals("openai", out.getJsonObject("metadata").getString("ls_provider"));
        assertEquals(task.taskId(), redact(PersonalDataCorpus.typicalRules(), task).task().taskId());
    }

    @Test
    void theReportCountsPerRuleAndNamesNoValue() {
        Redacted r = redact(PersonalDataCorpus.typicalRules(), PersonalDataCorpus.task(TraceInfoType.WorkflowTraceInfo));
        for (String rule : List.of("email", "phone", "card", "iban", "ip", "api_key", "bearer", "order_no", "customer_no", "hash")) {
            assertTrue(r.report().counts().getOrDefault(rule, 0) > 0, rule + " counted");
        }
        JsonObject exported = r.task().traceInfo().getJsonObject("metadata").getJsonObject(Redactor.REPORT_KEY);
        assertEquals(r.report().total(), exported.getInt("count"));
        assertTrue(exported.getJsonArray("rules").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList().containsAll(List.of("email", "card", "order_no")));
        PersonalDataCorpus.PLANTED.forEach(p -> assertFalse(exported.toString().contains(p)));
        JsonObject node = r.task().traceInfo().getJsonArray("node_executions").getJsonObject(0);
        assertEquals(exported, node.getJsonObject("metadata").getJsonObject(Redactor.REPORT_KEY), "each node span says it too");
    }

    @Test
    void identifiersBecomeKeyedHashesStablePerTenant() {
        TaskEnvelope a = PersonalDataCorpus.task(TraceInfoType.MessageTraceInfo);
        TaskEnvelope again = PersonalDataCorpus.task(TraceInfoType.ToolTraceInfo);
        TaskEnvelope otherTenant = a.withTenant("tenant-b");
        String first = redact(PersonalDataCorpus.typicalRules(), a).task().traceInfo().getJsonObject("metadata").getString("user_id");
        String second = redact(PersonalDataCorpus.typicalRules(), again).task().traceInfo().getJsonObject("metadata").getString("user_id");
        String other = redact(PersonalDataCorpus.typicalRules(), otherTenant).task().traceInfo().getJsonObject("metadata").getString("user_id");
        assertTrue(first.matches("hmac:[0-9a-f]{32}"), first);
        assertEquals(first, second, "same user, same tenant: traces still group by user");
        assertNotEquals(first, other, "another tenant cannot link the pseudonym");
        assertEquals(first, redact(PersonalDataCorpus.typicalRules(), a).task().traceInfo().getString("user_id"));
    }

    @Test
    void dropRemovesFieldsByPathAndKeepsTheRest() {
        JsonObject rules = Json.createObjectBuilder()
                .add("drop", Json.createArrayBuilder().add("inputs.*").add("process_data.prompts").add("outputs.messages.content")).build();
        JsonObject out = redact(rules, PersonalDataCorpus.task(TraceInfoType.WorkflowNodeTraceInfo)).task().traceInfo();
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, out.getJsonObject("inputs"));
        assertFalse(out.getJsonObject("process_data").containsKey("prompts"));
        assertTrue(out.getJsonObject("process_data").containsKey("customer_name"));
        out.getJsonObject("outputs").getJsonArray("messages").getValuesAs(JsonObject.class).forEach(m -> {
            assertFalse(m.containsKey("content"));
            assertTrue(m.containsKey("role"));
        });
        // Every key of inputs, the prompts, and the content of each of the three messages.
        int inputs = PersonalDataCorpus.nested(0).size();
        assertEquals(inputs + 1 + 3, out.getJsonObject("metadata").getJsonObject(Redactor.REPORT_KEY).getInt("count"));
    }

    @Test
    void aDroppedTopLevelFieldStaysWithAnEmptyValueOfItsType() {
        JsonObject rules = Json.createObjectBuilder().add("drop", Json.createArrayBuilder().add("inputs").add("query")).build();
        JsonObject out = redact(rules, PersonalDataCorpus.task(TraceInfoType.MessageTraceInfo)).task().traceInfo();
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, out.getJsonObject("inputs"));
        assertEquals("", out.getString("query"));
    }

    @Test
    void anAllowListKeepsOnlyItsKeysInTextFields() {
        JsonObject rules = Json.createObjectBuilder()
                .add("keep", Json.createArrayBuilder().add("inputs.customer_name").add("metadata.ls_provider")).build();
        JsonObject out = redact(rules, PersonalDataCorpus.task(TraceInfoType.WorkflowTraceInfo)).task().traceInfo();
        assertEquals(Json.createObjectBuilder().add("customer_name", "Łukasz Żółć").build().keySet(),
                out.getJsonObject("inputs").keySet());
        assertEquals(JsonObject.EMPTY_JSON_OBJECT, out.getJsonObject("outputs"));
        assertEquals("", out.getString("query"));
        assertEquals("openai", out.getJsonObject("metadata").getString("ls_provider"));
        assertFalse(out.getJsonObject("metadata").containsKey("note"));
        assertEquals(PersonalDataCorpus.RUN_ID, out.getString("workflow_run_id"));
    }

    @Test
    void contentOffLeavesTheReferenceFormInEveryContentField() {
        JsonObject rules = Json.createObjectBuilder().add("content", false).build();
        TaskEnvelope task = PersonalDataCorpus.task(TraceInfoType.ToolTraceInfo);
        JsonObject out = redact(rules, task).task().traceInfo();
        assertEquals("ref:task_id=" + task.taskId(), out.getString("query"));
        assertEquals("ref:task_id=" + task.taskId(), out.getJsonObject("tool_inputs").getString("customer_name"));
        for (String content : Redactor.CONTENT) {
            for (String planted : PersonalDataCorpus.PLANTED) {
                assertFalse(String.valueOf(out.get(content)).contains(planted), content + " keeps " + planted);
            }
        }
    }

    @Test
    void aNodesIdsTimesAndStatusStayWhileItsContentIsRedacted() {
        // The id's digits "0003-4000-8000-000000000003" pass the Luhn check: as text they would be a card.
        JsonObject node = Json.createObjectBuilder().add("node_execution_id", "a1b2c3d4-0003-4000-8000-000000000003")
                .add("node_id", "llm").add("node_type", "llm").add("workflow_run_id", PersonalDataCorpus.RUN_ID)
                .add("start_time", "2026-11-21T09:00:01+00:00").add("status", "succeeded").add("index", 1).add("elapsed_time", 0.5)
                .add("title", "Write to ana@example.org").add("node_inputs", Json.createObjectBuilder().add("q", "card 4111 1111 1111 1111"))
                .build();
        JsonObject info = Json.createObjectBuilder(PersonalDataCorpus.task(TraceInfoType.WorkflowTraceInfo).traceInfo())
                .add("node_executions", Json.createArrayBuilder().add(node)).build();
        TaskEnvelope task = new TaskEnvelope("task-nodes", "app-1", "tenant-a", TraceInfoType.WorkflowTraceInfo, info);
        JsonObject masked = redact(PersonalDataCorpus.typicalRules(), task).task().traceInfo().getJsonArray("node_executions").getJsonObject(0);
        JsonObject off = redact(Json.createObjectBuilder().add("content", false).build(), task).task().traceInfo()
                .getJsonArray("node_executions").getJsonObject(0);
        for (JsonObject out : List.of(masked, off)) {
            for (String structural : List.of("node_execution_id", "node_id", "node_type", "workflow_run_id", "start_time",
                    "status", "index", "elapsed_time")) {
                assertEquals(node.get(structural), out.get(structural), structural);
            }
        }
        assertEquals("Write to [redacted:email]", masked.getString("title"));
        assertEquals("card [redacted:card]", masked.getJsonObject("node_inputs").getString("q"));
        assertEquals("ref:task_id=task-nodes", off.getJsonObject("node_inputs").getString("q"));
    }

    @Test
    void aDestinationWithoutRulesGetsTheFullText() {
        TaskEnvelope task = PersonalDataCorpus.task(TraceInfoType.WorkflowTraceInfo);
        Redacted r = new Redactor(RedactionRules.NONE, v -> PSEUDONYMS.of("tenant-a", v)).apply(task);
        assertSame(task, r.task());
        assertTrue(r.report().isEmpty());
        JsonObject contentOn = Json.createObjectBuilder().add("content", true).add("hash", Json.createArrayBuilder()).build();
        assertEquals(task.traceInfo(), redact(contentOn, task).task().traceInfo());
    }

    @Test
    void checkDigitsDecideCardsAndIbans() {
        assertTrue(BuiltInMasks.luhn("4111 1111 1111 1111"));
        assertFalse(BuiltInMasks.luhn("4111 1111 1111 1112"));
        assertTrue(BuiltInMasks.iban("DE89 3704 0044 0532 0130 00"));
        assertFalse(BuiltInMasks.iban("GB00WEST12345698765432"));
        RedactionReport report = new RedactionReport();
        ValueMask iban = BuiltInMasks.named("iban").orElseThrow();
        assertEquals("pay to [redacted:iban] EUR today", iban.apply("pay to DE89 3704 0044 0532 0130 00 EUR today", report));
    }
}
