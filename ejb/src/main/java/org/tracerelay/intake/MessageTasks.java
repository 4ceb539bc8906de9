package org.tracerelay.intake;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.concurrent.atomic.LongAdder;
import org.tracerelay.json.JsonText;
import org.tracerelay.refusal.Violation;
import org.tracerelay.support.Digests;
import org.tracerelay.task.EnvelopeValidator;
import org.tracerelay.task.IntakeLimits;
import org.tracerelay.task.TaskEnvelope;

/**
 * A consumed message's body read as task envelopes, or the reasons it is refused. A producer's
 * items are validated field by field. The relay's own messages carry envelopes REST already
 * validated and serialised ({@link TaskEnvelope#toJson()}), under a mark only the relay can make,
 * so they are read back as such without running the rules again (the second validation was a
 * tenth of intake's CPU). An item of such a message that does not read back, say a type a newer
 * node accepted and this one lacks, is validated in full and refused as a producer's would be.
 */
final class MessageTasks {

    /**
     * The envelopes, or (when {@code violations} is not empty) why the message is refused; for the
     * relay's own items, the text each came as ({@link TaskEnvelope#toJson()} as REST wrote it).
     */
    record Read(List<TaskEnvelope> tasks, List<Violation> violations, Map<TaskEnvelope, String> texts) {
        Read(List<TaskEnvelope> tasks, List<Violation> violations) {
            this(tasks, violations, Map.of());
        }

        /** The relay's text of this very envelope (by identity), or null. */
        String textOf(TaskEnvelope task) {
            return texts.get(task);
        }
    }

    private final EnvelopeValidator validator = new EnvelopeValidator();
    /** Items run through the validator: the tests' proof that the relay's are not. */
    private final LongAdder validated = new LongAdder();

    /**
     * Read as it streams within the intake limits ({@link IntakeLimits#REQUEST}; the relay's own,
     * already held to them at REST, within {@link IntakeLimits#RELAYED}).
     */
    Read read(byte[] body, String messageId, boolean relays) {
        List<TaskEnvelope> tasks = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        Map<TaskEnvelope, String> texts = new IdentityHashMap<>();
        try {
            List<JsonText.Item> items = JsonText.items(body == null ? new byte[0] : body,
                    relays ? IntakeLimits.RELAYED : IntakeLimits.REQUEST, relays);
            IntFunction<String> stableIds = stableIds(messageId, body);
            for (int i = 0; i < items.size(); i++) {
                JsonValue item = items.get(i).value();
                Optional<TaskEnvelope> trusted = relays && item instanceof JsonObject o ? TaskEnvelope.fromStored(o) : Optional.empty();
                if (trusted.isPresent()) {
                    tasks.add(trusted.get());
                    texts.put(trusted.get(), items.get(i).text());
                    continue;
                }
                validated.increment();
                EnvelopeValidator.Result r = validator.validate(item, "items[" + i + "]", stableIds.apply(i));
                violations.addAll(r.violations());
                if (r.valid()) {
                    tasks.add(r.envelope());
                }
            }
        } catch (JsonText.OverBounds e) {
            return refused(over(e, relays ? IntakeLimits.RELAYED : IntakeLimits.REQUEST));
        } catch (JsonException e) {
            violations.add(new Violation("", "malformed JSON"));
        }
        return new Read(tasks, violations, texts);
    }

    private static Violation over(JsonText.OverBounds e, JsonText.Bounds bounds) {
        return switch (e.bound()) {
            case BYTES -> new Violation("", "larger than " + bounds.maxBytes() + " bytes");
            case VALUES -> new Violation("", "more than " + bounds.maxValues() + " JSON values");
            case ITEMS -> new Violation("items", "at most " + IntakeLimits.MAX_ITEMS + " tasks per message");
            case DEPTH -> new Violation(e.path(), e.getMessage());
        };
    }

    long validated() {
        return validated.sum();
    }

    /**
     * The id of an item that came without one: derived from the message and the item's place in
     * it, so a redelivered message stores nothing twice. (A message without an id, which a
     * producer can ask for, falls back to its body's SHA-256: the same body twice is then one
     * task, and the body is hashed once per message, not once per item.)
     */
    static String stableTaskId(String messageId, byte[] body, int index) {
        return stableIds(messageId, body).apply(index);
    }

    /** {@link #stableTaskId} of each place in one message, reading the message (or its body) once. */
    static IntFunction<String> stableIds(String messageId, byte[] body) {
        // The body's digest once per message, at the first item: never for a message with an id.
        String[] source = {messageId != null ? "jms-message:" + messageId : null};
        return index -> {
            if (source[0] == null) {
                source[0] = "jms-body-sha256:" + HexFormat.of().formatHex(Digests.sha256(body == null ? new byte[0] : body));
            }
            return UUID.nameUUIDFromBytes((source[0] + "#" + index).getBytes(StandardCharsets.UTF_8)).toString();
        };
    }

    private static Read refused(Violation why) {
        return new Read(List.of(), List.of(why));
    }
}
