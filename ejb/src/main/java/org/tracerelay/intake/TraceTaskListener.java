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
import org.tracerelay.domain.task.TraceTask;

/**
 * Consumes TraceTasks. The task rows commit in a database transaction of their own and the
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

    @Override
    public void onMessage(Message message) {
        try {
            TraceTask.Source source = "REST".equals(message.getStringProperty(TraceTaskQueue.SOURCE_PROPERTY))
                    ? TraceTask.Source.REST : TraceTask.Source.JMS;
            String body = body(message);
            routing.receive(body, message.getJMSMessageID(), source);
        } catch (JMSException e) {
            throw new IllegalStateException("could not read message " + e.getErrorCode(), e);
        }
    }

    /** A TextMessage, or a BytesMessage of UTF-8 JSON; anything else has no body (and is rejected). */
    private static String body(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        if (message instanceof BytesMessage bytes) {
            return new String(bytes.getBody(byte[].class), StandardCharsets.UTF_8);
        }
        return null;
    }
}
