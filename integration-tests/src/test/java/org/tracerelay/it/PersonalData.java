package org.tracerelay.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.UUID;

/**
 * Synthetic personal data as Dify's tasks carry it (prose, chat messages, tool arguments as JSON in
 * a string, a card written as a number) and a typical rule set that masks all of it. Only look-alikes
 * no rule matches ({@link #UNMATCHED}) may arrive, unchanged.
 */
final class PersonalData {

    static final String PERSONAL = "Zoë Ångström (zoë.müller@example.de, +49 30 1234 5678) paid with 4111 1111 1111 1111,"
            + " not 4111 1111 1111 1112, IBAN DE89 3704 0044 0532 0130 00 from 192.168.10.77 using sk-proj-abcdefghijklmnop1234567890"
            + " and Authorization: Bearer abc.def-ghi_jkl123456 for order ORD-123456";
    static final List<String> PLANTED = List.of("zoë.müller@example.de", "+49 30 1234 5678", "4111 1111 1111 1111",
            "DE89 3704 0044 0532 0130 00", "192.168.10.77", "sk-proj-abcdefghijklmnop1234567890",
            "abc.def-ghi_jkl123456", "ORD-123456", "user-8841");
    /** The card as a JSON number, once written as text. */
    static final String CARD_NUMBER = "4111111111111111";
    /** A name and a card look-alike failing the Luhn check. */
    static final List<String> UNMATCHED = List.of("Zoë Ångström", "4111 1111 1111 1112");
    static final String USER = "user-8841";

    static final String RULES = "{\"mask\":[\"email\",\"phone\",\"card\",\"iban\",\"ip\",\"api_key\",\"bearer\"],"
            + "\"patterns\":[{\"name\":\"order_no\",\"regex\":\"ORD-[0-9]{6}\"}],\"hash\":[\"metadata.user_id\"]}";

    private PersonalData() {
    }

    static JsonObject toolTask(String app) {
        JsonObject info = Json.createObjectBuilder()
                .add("metadata", Json.createObjectBuilder().add("user_id", USER).add("note", PERSONAL))
                .add("message_id", UUID.randomUUID().toString()).add("tool_name", "send_mail")
                .add("tool_inputs", Json.createObjectBuilder().add("to", "zoë.müller@example.de")
                        .add("messages", Json.createArrayBuilder().add(Json.createObjectBuilder().add("role", "user").add("content", PERSONAL))))
                .add("tool_outputs", PERSONAL).add("tool_config", Json.createObjectBuilder().add("card", 4111111111111111L))
                .add("time_cost", 0.2).add("tool_parameters", Json.createObjectBuilder().add("arguments", "{\"text\": \"" + PERSONAL + "\"}"))
                .add("inputs", Json.createObjectBuilder().add("query", PERSONAL)).add("outputs", PERSONAL).build();
        return Samples.envelope(app, "ToolTraceInfo", info);
    }

    /** The chatflow run with the personal data in its inputs, outputs, user id and every node's inputs and outputs. */
    static JsonObject workflow(EnterpriseSamples flow) {
        JsonObject info = flow.workflow().getJsonObject("trace_info");
        var nodes = Json.createArrayBuilder();
        info.getJsonArray("node_executions").getValuesAs(JsonObject.class).forEach(n -> nodes.add(Json.createObjectBuilder(n)
                .add("node_inputs", Json.createObjectBuilder().add("messages", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("role", "user").add("content", PERSONAL)))
                        .add("arguments", "{\"text\": \"" + PERSONAL + "\"}").add("card", 4111111111111111L))
                .add("node_outputs", Json.createObjectBuilder().add("text", PERSONAL))));
        return Samples.envelope(flow.app, "WorkflowTraceInfo", Json.createObjectBuilder(info)
                .add("workflow_run_inputs", Json.createObjectBuilder().add("query", PERSONAL))
                .add("workflow_run_outputs", Json.createObjectBuilder().add("answer", PERSONAL)).add("query", PERSONAL)
                .add("metadata", Json.createObjectBuilder(info.getJsonObject("metadata")).add("user_id", USER).add("note", PERSONAL))
                .add("node_executions", nodes).build());
    }

    /**
     * Every string in a backend's answer, with JSON held in strings opened (backends keep attributes as
     * JSON text, and may escape non-ASCII characters in it), one per line: what a reader of it could see.
     */
    static String readable(JsonValue v) {
        StringBuilder out = new StringBuilder();
        collect(v, out);
        return out.toString();
    }

    private static void collect(JsonValue v, StringBuilder out) {
        switch (v.getValueType()) {
            case OBJECT -> v.asJsonObject().values().forEach(x -> collect(x, out));
            case ARRAY -> v.asJsonArray().forEach(x -> collect(x, out));
            case STRING -> {
                String s = ((JsonString) v).getString();
                out.append(s).append('\n');
                String t = s.strip();
                if (t.startsWith("{") || t.startsWith("[") || t.startsWith("\"")) {
                    try (JsonReader r = Json.createReader(new StringReader(t))) {
                        collect(r.readValue(), out);
                    } catch (RuntimeException notJson) {
                        // plain text that merely starts like JSON
                    }
                }
            }
            default -> out.append(v).append('\n');
        }
    }
}
