package org.tracerelay.redaction;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.crypto.Pseudonyms;
import org.tracerelay.export.span.TaskSpans;
import org.tracerelay.json.JsonText;
import org.tracerelay.task.TaskEnvelope;

/**
 * What a typical rule set costs per task on the drain's CPU, beside what the drain spends on the
 * same task anyway (reading the stored envelope and mapping it to spans), for the benchmark's
 * message task. The bound only catches a gross regression; the figures are printed.
 */
class RedactionCostTest {

    static final String BENCH_RULES = "{\"mask\":[\"email\",\"phone\",\"card\",\"iban\",\"ip\",\"api_key\",\"bearer\"],"
            + "\"patterns\":[{\"name\":\"order_no\",\"regex\":\"ORD-[0-9]{6}\"}],"
            + "\"hash\":[\"metadata.user_id\",\"metadata.from_end_user_id\"]}";

    static String benchMessage() {
        JsonObject info = Json.createObjectBuilder().add("message_id", UUID.randomUUID().toString())
                .add("conversation_model", "chat").add("message_tokens", 120).add("answer_tokens", 85).add("total_tokens", 205)
                .add("conversation_mode", "chat").add("inputs", Json.createObjectBuilder().add("query", "What is the weather in Paris?"))
                .add("outputs", "It is sunny and 21 degrees in Paris today.").add("start_time", "2026-11-21T09:00:00+00:00")
                .add("end_time", "2026-11-21T09:00:02+00:00")
                .add("metadata", Json.createObjectBuilder().add("ls_provider", "openai").add("ls_model_name", "gpt-4o")
                        .add("from_source", "api").add("user_id", "u-1")).build();
        return Json.createObjectBuilder().add("task_id", UUID.randomUUID().toString()).add("app_id", "app").add("tenant_id", "bench")
                .add("trace_info_type", "MessageTraceInfo").add("trace_info", info).build().toString();
    }

    @Test
    void aTypicalRuleSetCostsLittleBesideReadingAndMappingTheTask() {
        String stored = benchMessage();
        Pseudonyms pseudonyms = new Pseudonyms(new MasterKeys(Base64.getEncoder().encodeToString(new byte[32]), null));
        Redactor redactor = new Redactor(RedactionRules.read(JsonText.parse(BENCH_RULES).asJsonObject()), v -> pseudonyms.of("bench", v));
        int n = 40_000;
        long sink = 0;
        long[] drain = new long[3];
        long[] redaction = new long[3];
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                TaskEnvelope task = TaskEnvelope.fromStored(JsonText.parse(stored).asJsonObject()).orElseThrow();
                sink += TaskSpans.of(task, java.time.Instant.EPOCH).size();
            }
            long t1 = System.nanoTime();
            TaskEnvelope task = TaskEnvelope.fromStored(JsonText.parse(stored).asJsonObject()).orElseThrow();
            for (int i = 0; i < n; i++) {
                sink += redactor.apply(task).report().total();
            }
            long t2 = System.nanoTime();
            drain[round] = (t1 - t0) / n;
            redaction[round] = (t2 - t1) / n;
        }
        long drainNs = Math.min(drain[1], drain[2]);
        long redactionNs = Math.min(redaction[1], redaction[2]);
        System.out.printf("redaction cost per message task: %.1f us; reading and mapping it: %.1f us (%d)%n",
                redactionNs / 1000.0, drainNs / 1000.0, sink);
        assertTrue(redactionNs < 200_000, "a typical rule set takes " + redactionNs + " ns per task");
    }
}
