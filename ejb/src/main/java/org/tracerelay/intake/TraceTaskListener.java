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

/**
 * Consumes TraceTasks: the relay's own messages and JMS producers' (whose tenant is the one their
 * token names, see {@link Sender}). The task rows commit in a database transaction of their own and the
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
    RelayBatches batches;

    @Override
    public void onMessage(Message message) {
        try {
            byte[] body = body(message);
            Sender sender = sender(message, body);
            if (sender.isRelay()) {
                body = batches.opened(body, message.getStringProperty(RelayBatches.SEALED_FOR));
            }
            routing.receive(body == null ? null : new String(body, StandardCharsets.UTF_8), message.getJMSMessageID(), sender);
        } catch (JMSException e) {
            throw new IllegalStateException("could not read message " + e.getErrorCode(), e);
        }
    }

    /** The relay's own message by its mark; anyone else's by the tenant its producer token names. */
    private Sender sender(Message message, byte[] body) throws JMSException {
        if (mark.isRelays(body, message.getStringProperty(RelayMark.PROPERTY))) {
            return Sender.relay();
        }
        try {
            return Sender.producerOf(tokens.tenantOf(message.getStringProperty(ProducerTokens.PROPERTY)));
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
