package org.tracerelay.export.span;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Base64;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.crypto.Pseudonyms;
import org.tracerelay.redaction.RedactionRules;
import org.tracerelay.redaction.Redactor;
import org.tracerelay.task.TaskEnvelope;

/**
 * A task as the drain hands it to an exporter after the destination's rules: an e-mail address and
 * a card number planted in its metadata are masked, so its report reads
 * {@code {"count": 2, "rules": ["card", "email"]}}.
 */
public final class RedactedTasks {

    public static final long COUNT = 2;
    public static final String RULES = "card,email";
    public static final String EMAIL = "ana.lopez@example.org";
    public static final String CARD = "4111 1111 1111 1111";

    private static final Pseudonyms PSEUDONYMS = new Pseudonyms(
            new MasterKeys(Base64.getEncoder().encodeToString(new byte[32]), null));

    private RedactedTasks() {
    }

    public static TaskEnvelope of(TaskEnvelope task) {
        JsonObject info = task.traceInfo();
        JsonObject meta = info.getJsonObject("metadata");
        JsonObject planted = Json.createObjectBuilder(info)
                .add("metadata", Json.createObjectBuilder(meta == null ? JsonObject.EMPTY_JSON_OBJECT : meta)
                        .add("contact", "write to " + EMAIL).add("paid_with", CARD))
                .build();
        TaskEnvelope withData = new TaskEnvelope(task.taskId(), task.appId(), task.tenantId(), task.type(), planted);
        RedactionRules rules = RedactionRules.read(Json.createObjectBuilder()
                .add("mask", Json.createArrayBuilder().add("email").add("card")).build());
        return new Redactor(rules, v -> PSEUDONYMS.of(task.tenantId(), v)).apply(withData).task();
    }
}
