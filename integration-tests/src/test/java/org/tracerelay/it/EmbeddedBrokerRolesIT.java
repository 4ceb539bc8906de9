package org.tracerelay.it;

import static org.tracerelay.it.BrokerLogins.browse;
import static org.tracerelay.it.BrokerLogins.consume;
import static org.tracerelay.it.BrokerLogins.login;
import static org.tracerelay.it.BrokerLogins.refused;
import static org.tracerelay.it.BrokerLogins.send;

import jakarta.jms.JMSContext;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The embedded broker's port 61616 from outside: role {@code guest} (the suite's user
 * {@code visitor}, see the pom) may do nothing with the relay's queues, an anonymous client
 * nothing either, and a producer only send.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EmbeddedBrokerRolesIT {

    @Deployment(testable = false)
    static EnterpriseArchive ear() {
        return Deployments.ear();
    }

    @Test
    void guestAndAnonymousGetNothingAndAProducerOnlySends() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:61616")) {
            try (JMSContext guest = login(factory, "visitor", "visitor")) {
                // The login itself works (its own temporary queue, which "#" allows): what follows is about rights.
                guest.createTemporaryQueue();
                for (String queue : new String[] {"TraceTasks", "TraceTasksDLQ"}) {
                    refused("guest sends to " + queue, () -> send(guest, queue));
                    refused("guest consumes " + queue, () -> consume(guest, queue));
                    refused("guest browses " + queue, () -> browse(guest, queue));
                }
            }
            refused("an anonymous client sends to TraceTasks", () -> {
                try (JMSContext anonymous = login(factory, null, null)) {
                    send(anonymous, "TraceTasks");
                }
            });
            try (JMSContext producer = login(factory, "producer", "producer")) {
                refused("a producer consumes TraceTasks", () -> consume(producer, "TraceTasks"));
                refused("a producer browses TraceTasks", () -> browse(producer, "TraceTasks"));
                refused("a producer consumes TraceTasksDLQ", () -> consume(producer, "TraceTasksDLQ"));
            }
        }
    }
}
