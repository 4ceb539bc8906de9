package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.fail;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.QueueBrowser;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** What one broker login may do on a queue, asked from outside the way a JMS client would. */
final class BrokerLogins {

    interface Action {
        void run() throws Exception;
    }

    private BrokerLogins() {
    }

    /** A context of this login (user null: anonymous), AUTO_ACKNOWLEDGE so that each send blocks for the broker's answer. */
    static JMSContext login(ActiveMQConnectionFactory factory, String user, String password) {
        return user == null ? factory.createContext(JMSContext.AUTO_ACKNOWLEDGE)
                : factory.createContext(user, password, JMSContext.AUTO_ACKNOWLEDGE);
    }

    static void send(JMSContext jms, String queue) {
        jms.createProducer().send(jms.createQueue(queue), "{}");
    }

    static void consume(JMSContext jms, String queue) {
        jms.createConsumer(jms.createQueue(queue)).receiveNoWait();
    }

    static void browse(JMSContext jms, String queue) throws JMSException {
        try (QueueBrowser browser = jms.createBrowser(jms.createQueue(queue))) {
            browser.getEnumeration().hasMoreElements();
        }
    }

    /** Fails unless the action is refused for want of rights or of a valid login. */
    static void refused(String what, Action action) {
        try {
            action.run();
        } catch (JMSSecurityRuntimeException | JMSSecurityException expected) {
            return;
        } catch (JMSRuntimeException | JMSException e) {
            if (security(e)) {
                return;
            }
            throw new AssertionError(what + ": failed, but not as a refusal", e);
        } catch (Exception e) {
            throw new AssertionError(what + ": failed, but not as a refusal", e);
        }
        fail(what + " was allowed");
    }

    /** Artemis reports some refusals as a plain JMSException around its ActiveMQSecurityException. */
    private static boolean security(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JMSSecurityException || t instanceof JMSSecurityRuntimeException
                    || t.getClass().getSimpleName().equals("ActiveMQSecurityException")) {
                return true;
            }
        }
        return false;
    }
}
