package org.tracerelay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tracerelay.it.BrokerLogins.browse;
import static org.tracerelay.it.BrokerLogins.consume;
import static org.tracerelay.it.BrokerLogins.login;
import static org.tracerelay.it.BrokerLogins.refused;
import static org.tracerelay.it.BrokerLogins.send;

import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The standalone broker (server-config/standalone-broker.sh) started as docs/cluster.md
 * starts it, with no password given, then asked from outside: it generated the passwords into
 * files of mode 0600, and anonymous clients, {@code guest}, the old default passwords and a wrong
 * one are refused; a producer may send but neither consume nor browse; the relay may do both.
 * Its own broker on port 61716, beside ClusterIT's in the same execution.
 */
class BrokerLoginsClusterIT {

    private static final Path ROOT = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
    private static final Path BROKER = Path.of(System.getProperty("it.target.dir", "target"), "broker-logins").toAbsolutePath();
    private static final String URL = "tcp://127.0.0.1:61716";

    @BeforeAll
    static void startTheBroker() throws Exception {
        broker("stop");
        deleteTree(BROKER);
        String output = broker("start");
        assertTrue(output.contains("generated a password"), "the first start says it generated the passwords:\n" + output);
    }

    @AfterAll
    static void stopTheBroker() throws Exception {
        broker("stop");
    }

    @Test
    void onlyTheGeneratedLoginsGetInAndEachOnlyAsFarAsItsRole() throws Exception {
        Path secrets = BROKER.resolve("secrets");
        for (String name : List.of("relay", "producer")) {
            Path file = secrets.resolve(name + ".password");
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file), file + " is 0600");
        }
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(BROKER.resolve("etc/artemis-users.properties")), "the hashes are 0600 too");
        String relayPassword = Files.readString(secrets.resolve("relay.password")).trim();
        String producerPassword = Files.readString(secrets.resolve("producer.password")).trim();
        assertTrue(relayPassword.length() >= 24 && producerPassword.length() >= 24, "long random passwords");
        assertFalse(Files.readString(BROKER.resolve("etc/artemis-users.properties")).contains(relayPassword), "stored hashed");

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(URL)) {
            refused("an anonymous login", () -> login(factory, null, null).close());
            refused("guest/guest", () -> login(factory, "guest", "guest").close());
            refused("relay/relay, the old default", () -> login(factory, "relay", "relay").close());
            refused("producer/producer, the old default", () -> login(factory, "producer", "producer").close());
            refused("relay with a wrong password", () -> login(factory, "relay", relayPassword + "x").close());
            refused("producer with the relay's password", () -> login(factory, "producer", relayPassword).close());

            String marker = "marker-" + System.nanoTime();
            try (JMSContext producer = login(factory, "producer", producerPassword)) {
                producer.createProducer().send(producer.createQueue("TraceTasks"), marker);
                refused("a producer consumes TraceTasks", () -> consume(producer, "TraceTasks"));
                refused("a producer browses TraceTasks", () -> browse(producer, "TraceTasks"));
                refused("a producer consumes TraceTasksDLQ", () -> consume(producer, "TraceTasksDLQ"));
                refused("a producer sends to TraceTasksDLQ", () -> send(producer, "TraceTasksDLQ"));
            }
            try (JMSContext relay = login(factory, "relay", relayPassword)) {
                try (QueueBrowser browser = relay.createBrowser(relay.createQueue("TraceTasks"))) {
                    assertEquals(List.of(marker), texts(Collections.list((java.util.Enumeration<?>) browser.getEnumeration())), "the relay browses");
                }
                var received = relay.createConsumer(relay.createQueue("TraceTasks")).receive(10_000);
                assertNotNull(received, "the relay consumes");
                assertEquals(marker, received.getBody(String.class));
            }
        }
    }

    private static List<String> texts(List<?> messages) throws Exception {
        List<String> texts = new ArrayList<>();
        for (Object m : messages) {
            texts.add(((jakarta.jms.Message) m).getBody(String.class));
        }
        return texts;
    }

    private static String broker(String command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("server-config/standalone-broker.sh").toString(),
                command, BROKER.toString()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("TRACE_BROKER_") || k.startsWith("TRACE_RELAY_JMS_"));
        pb.environment().put("TRACE_RELAY_BROKER_PORT", "61716");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "standalone-broker.sh " + command + ":\n" + output);
        return output;
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
