package org.tracerelay.intake;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.tracerelay.task.IntakeLimits;

/**
 * Consumes TraceTasks: the relay's own messages and JMS producers' (whose tasks are accepted as
 * their token's {@link Producer}'s by {@link TraceTaskIntake}, see {@link Sender}). The task rows commit in a database transaction of their own and the
 * message is acknowledged after it: a crash in between redelivers the message and the repeated
 * task_ids are not stored twice. A failure rolls the rows back and the broker redelivers (then
 * dead-letters after its max attempts).
 * <p>
 * Not one XA transaction with the consume: a consume that a kill -9 leaves prepared in the broker
 * holds its message until WildFly's transaction recovery resolves it, and it did not (a CI run
 * still missed those 100 acknowledged tasks four minutes after the restart).
 */
@MessageDriven(activationConfig = {
    @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = TraceTaskQueue.JNDI),
    @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
    @ActivationConfigProperty(propertyName = "maxSession", propertyValue = "${trace.intake.consumers:8}")
})
@TransactionManagement(TransactionManagementType.BEAN)
public class TraceTaskListener implements MessageListener {

    @Inject
    TaskRouting routing;

    @Inject
    RelayMark mark;

    @Inject
    ProducerTokens tokens;

    @Inject
    ReadingMemory memory;

    @Inject
    RelayBatches batches;

    /** The size of a large message's body, as Artemis' broker records it. */
    static final String ARTEMIS_LARGE_SIZE = "_AMQ_LARGE_SIZE";

    /** How long a message waits for room to be read (the others being read finish in well under a second). */
    private static final Duration READ_WAIT = Duration.ofSeconds(60);

    @Override
    public void onMessage(Message message) {
        try {
            // The size first: a message over it is refused before its body is read. Only a message
            // that claims the relay's mark may use the relay's room; the mark is checked once read.
            long limit = message.getStringProperty(RelayMark.PROPERTY) != null ? IntakeLimits.MAX_RELAY_BYTES : IntakeLimits.MAX_BYTES;
            long size = size(message);
            if (size > limit) {
                routing.refuseUnread(message.getJMSMessageID(), size, "larger than " + limit + " bytes (" + size + "), not read");
                return;
            }
            try (ReadingMemory.Lease lease = memory.reserve(size, READ_WAIT)) {
                if (lease == null) {
                    // Rolled back: the broker delivers it again after its redelivery delay.
                    throw new IllegalStateException("no room to read message " + message.getJMSMessageID() + " within " + READ_WAIT);
                }
                byte[] body = body(message);
                Sender sender = sender(message, body);
                if (sender.isRelay()) {
                    body = batches.opened(body, message.getStringProperty(RelayBatches.SEALED_FOR));
                }
                routing.receive(body, sender, QuotaDeferral.of(message));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("could not read message " + e.getErrorCode(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting to read a message", e);
        }
    }

    /**
     * The body's size in UTF-8 bytes without reading it: a BytesMessage's length comes with the
     * message (Artemis' JMS client reads a large message's body only when it is asked for). A
     * TextMessage's text is decoded by the client before any listener runs, so it is measured,
     * not copied. Anything else has no body.
     */
    static long size(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            // Artemis gives a large message's length as an int (negative past 2 GiB), and the whole as a property.
            if (message.propertyExists(ARTEMIS_LARGE_SIZE)) {
                length = Math.max(length, message.getLongProperty(ARTEMIS_LARGE_SIZE));
            }
            return length < 0 ? Long.MAX_VALUE : length;
        }
        if (message instanceof TextMessage text) {
            return utf8Length(text.getText());
        }
        return 0;
    }

    static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x800) {
                // Three bytes, or four for a surrogate pair (two chars).
                n += Character.isSurrogate(c) ? 1 : 2;
            } else if (c >= 0x80) {
                n += 1;
            }
        }
        return n;
    }

    /** The relay's own message by its mark; anyone else's by the producer its token names. */
    private Sender sender(Message message, byte[] body) throws JMSException {
        Optional<RelayMark.Issued> relays = mark.issuedFor(body, message.getStringProperty(RelayMark.PROPERTY), Instant.now());
        if (relays.isPresent()) {
            return Sender.relay(relays.get(), message.getStringProperty(RelayBatches.SEALED_FOR));
        }
        try {
            return Sender.producerOf(tokens.producerOf(message.getStringProperty(ProducerTokens.PROPERTY)));
        } catch (ProducerTokens.Refused refused) {
            return Sender.refused(refused.getMessage());
        }
    }

    /** A TextMessage, or a BytesMessage of UTF-8 JSON; anything else has no body (and is rejected). */
    private static byte[] body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText() == null ? null : text.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (message instanceof BytesMessage bytes) {
            return bytes.getBody(byte[].class);
        }
        return null;
    }
}
