package org.tracerelay.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ActiveMQServers;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker with the guard named by class, as broker.xml and WildFly name it, and its cap from the system property. */
class MessageSizeGuardBrokerTest {

    private static final int CAP = 1024 * 1024;

    @TempDir
    static Path data;
    private static ActiveMQServer broker;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(MessageSizeGuard.CAP_PROPERTY, String.valueOf(CAP));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        url = "tcp://127.0.0.1:" + port;
        Configuration config = new ConfigurationImpl()
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalDirectory(data.resolve("journal").toString())
                .setBindingsDirectory(data.resolve("bindings").toString())
                .setPagingDirectory(data.resolve("paging").toString())
                .setLargeMessagesDirectory(data.resolve("large-messages").toString())
                .addAcceptorConfiguration("core", url + "?protocols=CORE")
                .setIncomingInterceptorClassNames(List.of(MessageSizeGuard.class.getName()));
        config.addQueueConfiguration(QueueConfiguration.of("TraceTasks").setRoutingType(RoutingType.ANYCAST));
        broker = ActiveMQServers.newActiveMQServer(config, false);
        broker.start();
    }

    @AfterAll
    static void stop() throws Exception {
        broker.stop();
        System.clearProperty(MessageSizeGuard.CAP_PROPERTY);
    }

    @Test
    void aTextMessageOverTheCapFailsTheSendAtOnceAndLeavesNoFile() throws Exception {
        long start = System.nanoTime();
        assertThrows(JMSRuntimeException.class, () -> sendText(new ActiveMQConnectionFactory(url), CAP));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "refused at once, not after the call timeout");
        awaitNoLargeMessageFile();
        assertEquals(0, queued());
    }

    @Test
    void aRegularMessageOverTheCapIsRefusedToo() throws Exception {
        ActiveMQConnectionFactory whole = new ActiveMQConnectionFactory(url);
        whole.setMinLargeMessageSize(4 * CAP);
        assertThrows(JMSRuntimeException.class, () -> sendText(whole, CAP));
        assertEquals(0, queued());
    }

    @Test
    void aCompressedMessageIsRefusedWhateverItsSize() throws Exception {
        ActiveMQConnectionFactory compressing = new ActiveMQConnectionFactory(url);
        compressing.setCompressLargeMessage(true);
        assertThrows(JMSRuntimeException.class, () -> sendText(compressing, CAP / 2));
        assertEquals(0, queued());
    }

    @Test
    void messagesUnderTheCapPassOnTheSameConnection() throws Exception {
        try (JMSContext context = new ActiveMQConnectionFactory(url).createContext()) {
            context.createProducer().send(context.createQueue("TraceTasks"), "y".repeat(CAP / 4));
            context.createProducer().send(context.createQueue("TraceTasks"), "z".repeat(CAP / 8));
            context.createProducer().send(context.createQueue("Elsewhere"), "w".repeat(CAP));
            try (var consumer = context.createConsumer(context.createQueue("TraceTasks"))) {
                assertEquals(CAP / 4, consumer.receiveBody(String.class, 10_000).length());
                assertEquals(CAP / 8, consumer.receiveBody(String.class, 10_000).length());
            }
        }
        MessageSizeGuard guard = (MessageSizeGuard) broker.getRemotingService().getIncomingInterceptors().stream()
                .filter(MessageSizeGuard.class::isInstance).findFirst().orElseThrow();
        for (int i = 0; i < 50 && guard.connectionsWatched() > 0; i++) {
            Thread.sleep(100);
        }
        assertEquals(0, guard.connectionsWatched(), "a closed connection is forgotten");
    }

    /** A text of {@code chars} characters: two bytes each on the wire, so twice as many bytes. */
    private static void sendText(ActiveMQConnectionFactory factory, int chars) {
        try (JMSContext context = factory.createContext()) {
            context.createProducer().send(context.createQueue("TraceTasks"), "x".repeat(chars));
        }
    }

    private static long queued() throws Exception {
        return broker.locateQueue("TraceTasks").getMessageCount();
    }

    private static void awaitNoLargeMessageFile() throws IOException, InterruptedException {
        Path dir = data.resolve("large-messages");
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
                if (files.findAny().isEmpty()) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("a large-message file is left in " + dir);
    }
}
