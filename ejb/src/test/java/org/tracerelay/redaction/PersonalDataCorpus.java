package org.tracerelay.redaction;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import org.tracerelay.task.TaskEnvelope;
import org.tracerelay.task.TraceInfoType;

/**
 * Synthetic personal data planted in every field that carries text, for every task type: nested
 * objects, lists of chat messages, tool arguments, numbers written as numbers, non-ASCII names.
 * Look-alikes (card numbers failing Luhn, IBANs with wrong check digits) must pass unchanged.
 */
final class PersonalDataCorpus {

    static final List<String> EMAILS = List.of("zoë.müller@example.de", "j.smith+trace@mail.example.com",
            "用户@例子.公司", "ingrid.ødegård@posten.example.no");
    static final List<String> PHONES = List.of("+49 30 1234 5678", "+1 (415) 555-0132", "030 12345678",
            "(415) 555-0199", "415-555-0100", "+33 6 12 34 56 78");
    static final List<String> CARDS = List.of("4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005",
            "4012888888881881");
    static final long CARD_AS_NUMBER = 4242424242424242L;
    static final List<String> IBANS = List.of("DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
            "FR1420041010050500013M02606");
    static final List<String> IPS = List.of("192.168.10.77", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "fe80::1ff:fe23:4567:890a", "10.0.0.1");
    static final List<String> KEYS = List.of("sk-proj-abcdefghijklmnop1234567890", "AKIAIOSFODNN7EXAMPLE",
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-123456789012-abcdefghij",
            "sk-lf-1234abcd-5678-efgh-ijkl-9012mnop3456");
    static final List<String> BEARERS = List.of("Bearer abc.def-ghi_jkl123456",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcdefghijk");
    /** Matched only by the tenant's own patterns. */
    static final List<String> TENANT_OWN = List.of("ORD-123456", "KD-99881");
    static final List<String> USER_IDS = List.of("user-8841", "end-user-77", "acct-5512");

    /** Must arrive unchanged: no rule matches them. */
    static final List<String> LOOK_ALIKES = List.of("4111 1111 1111 1112", "5500-0000-0000-0005", "GB00WEST12345698765432",
            "Zoë Ångström", "Łukasz Żółć", "東京太郎", "version 1.2.3", "total 1299.50 EUR", "room 4-112");

    static final List<String> PLANTED;

    static {
        var all = new java.util.ArrayList<String>();
        for (List<String> l : List.of(EMAILS, PHONES, CARDS, IBANS, IPS, KEYS, BEARERS, TENANT_OWN)) {
            all.addAll(l);
        }
        all.add(Long.toString(CARD_AS_NUMBER));
        PLANTED = List.copyOf(all);
    }

    /** Text fields of trace_info, with the personal data spread over them. */
    static final List<String> TEXT_FIELDS = List.of("inputs", "outputs", "query", "message_data", "workflow_data",
            "workflow_run_inputs", "workflow_run_outputs", "node_inputs", "node_outputs", "process_data", "tool_inputs",
            "tool_outputs", "tool_parameters", "documents", "suggested_question", "instruction", "content",
            "preset_response", "node_executions", "error", "status_message", "title", "file_list",
            "message_file_data", "file_url", "tool_config");

    static final String START = "2026-11-21T09:00:00+00:00";
    static final String RUN_ID = "7b2d7c4e-1111-4a2b-9c3d-000000000001";

    /** A sentence holding one value of every kind, the look-alikes between them. */
    static String prose(int i) {
        return "Hi, I am " + LOOK_ALIKES.get(i % LOOK_ALIKES.size()) + ", mail " + EMAILS.get(i % EMAILS.size())
                + " or call " + PHONES.get(i % PHONES.size()) + "; pay with " + CARDS.get(i % CARDS.size())
                + " (not " + LOOK_ALIKES.get(0) + ") or IBAN " + IBANS.get(i % IBANS.size()) + ". From "
                + IPS.get(i % IPS.size()) + " with key " + KEYS.get(i % KEYS.size()) + " and header Authorization: "
                + BEARERS.get(i % BEARERS.size()) + ". Order " + TENANT_OWN.get(i % TENANT_OWN.size()) + ".";
    }

    static JsonObject nested(int i) {
        JsonArrayBuilder messages = Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("role", "system").add("content", "You help " + LOOK_ALIKES.get(3)))
                .add(Json.createObjectBuilder().add("role", "user").add("content", prose(i)))
                .add(Json.createObjectBuilder().add("role", "assistant").add("content", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("type", "text").add("text", prose(i + 1)))));
        return Json.createObjectBuilder()
                .add("customer_name", LOOK_ALIKES.get(4))
                .add("sys.query", prose(i + 2))
                .add("messages", messages)
                .add("prompts", Json.createArrayBuilder().add(Json.createObjectBuilder().add("text", prose(i + 3))))
                .add("tool_call", Json.createObjectBuilder().add("name", "send_mail")
                        .add("arguments", "{\"to\": \"" + EMAILS.get((i + 1) % EMAILS.size()) + "\", \"card\": \""
                                + CARDS.get((i + 1) % CARDS.size()) + "\"}"))
                .add("card_number", CARD_AS_NUMBER)
                .add("not_a_card", LOOK_ALIKES.get(1))
                .add("deep", Json.createObjectBuilder().add("a", Json.createObjectBuilder().add("b", Json.createArrayBuilder()
                        .add(prose(i + 4)).add(IBANS.get((i + 2) % IBANS.size())))))
                .build();
    }

    static JsonObject traceInfo(TraceInfoType type) {
        JsonObjectBuilder info = Json.createObjectBuilder()
                .add("workflow_run_id", RUN_ID).add("message_id", "8c1e0000-2222-4b3c-8d4e-000000000002")
                .add("tenant_id", "tenant-a").add("start_time", START).add("end_time", "2026-11-21T09:00:02+00:00")
                .add("total_tokens", 1234).add("elapsed_time", 1.5).add("status", "succeeded")
                .add("user_id", USER_IDS.get(0)).add("from_end_user_id", USER_IDS.get(1))
                .add("from_account_id", USER_IDS.get(2));
        int i = type.ordinal();
        for (String field : TEXT_FIELDS) {
            switch (field) {
                case "metadata" -> { }
                case "file_list", "suggested_question" -> info.add(field, Json.createArrayBuilder().add(prose(i)).add(prose(i + 5)));
                case "query", "instruction", "content", "preset_response", "error", "status_message", "title",
                     "tool_outputs", "file_url" -> info.add(field, prose(i + field.length()));
                case "node_executions" -> info.add(field, Json.createArrayBuilder().add(Json.createObjectBuilder()
                        .add("node_id", "llm").add("node_inputs", nested(i)).add("process_data", nested(i + 1))));
                default -> info.add(field, nested(i + field.length()));
            }
        }
        info.add("metadata", Json.createObjectBuilder().add("user_id", USER_IDS.get(0)).add("end_user_id", USER_IDS.get(1))
                .add("client_ip", IPS.get(3)).add("note", prose(i + 7)).add("ls_provider", "openai"));
        return info.build();
    }

    static TaskEnvelope task(TraceInfoType type) {
        return new TaskEnvelope("task-" + type.ordinal(), "app-1", "tenant-a", type, traceInfo(type));
    }

    /** A typical rule set: every built-in mask, the tenant's own patterns, user ids hashed. */
    static JsonObject typicalRules() {
        return Json.createObjectBuilder()
                .add("mask", Json.createArrayBuilder(BuiltInMasks.names()))
                .add("patterns", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "order_no").add("regex", "ORD-[0-9]{6}"))
                        .add(Json.createObjectBuilder().add("name", "customer_no").add("regex", "KD-[0-9]{5}")))
                .add("hash", Json.createArrayBuilder().add("user_id").add("from_end_user_id").add("from_account_id")
                        .add("metadata.user_id").add("metadata.end_user_id"))
                .build();
    }

    private PersonalDataCorpus() {
    }
}
