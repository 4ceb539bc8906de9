package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracerelay.crypto.MasterKeys;
import org.tracerelay.task.IntakeLimits;

/** The listener's size rule: a message over it is refused before its body is read; the relay's own has room of its own. */
class TraceTaskListenerTest {

    /** What the listener handed over to routing. */
    static final class Routed extends TaskRouting {
        final List<String> unread = new ArrayList<>();
        final List<Sender> received = new ArrayList<>();

        @Override
        public void refuseUnread(String messageId, long size, String reason) {
            unread.add(messageId + " " + size + " " + reason);
        }

        @Override
        public void receive(byte[] body, Sender sender, QuotaDeferral queued) {
            received.add(sender);
        }
    }

    private final Routed routed = new Routed();
    private final RelayMark mark = new RelayMark(new MasterKeys(key(), null), Duration.ofDays(7));

    private TraceTaskListener listener() {
        TraceTaskListener listener = new TraceTaskListener();
        listener.routing = routed;
        listener.mark = mark;
        listener.tokens = new ProducerTokens();
        listener.memory = new ReadingMemory(256);
        // Unsealed bodies (no sealed-for property) are read as they are.
        listener.batches = new RelayBatches(null);
        return listener;
    }

    /** A BytesMessage that says its length and fails the test if its body is read. */
    static BytesMessage bytesMessage(long length, byte[] body, Map<String, String> properties) {
        return bytesMessage(length, null, body, properties);
    }

    static BytesMessage bytesMessage(long length, Long largeSize, byte[] body, Map<String, String> properties) {
        return (BytesMessage) Proxy.newProxyInstance(TraceTaskListenerTest.class.getClassLoader(), new Class<?>[] {BytesMessage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getBodyLength" -> length;
                    case "getJMSMessageID" -> "ID:big";
                    case "getStringProperty" -> properties.get((String) args[0]);
                    case "propertyExists" -> largeSize != null && args[0].equals(TraceTaskListener.ARTEMIS_LARGE_SIZE);
                    case "getLongProperty" -> largeSize;
                    case "getBody" -> {
                        if (body == null) {
                            throw new AssertionError("the body of a message over the size rule was read");
                        }
                        yield body;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "BytesMessage(" + length + ")";
                    default -> throw new AssertionError("unexpected " + method.getName());
                });
    }

    @Test
    void aProducersMessageOverTheLimitIsRefusedBeforeItsBodyIsRead() {
        listener().onMessage(bytesMessage(200L * 1024 * 1024, null, Map.of()));

        assertEquals(List.of(), routed.received);
        assertEquals(1, routed.unread.size());
        assertTrue(routed.unread.get(0).startsWith("ID:big 209715200 larger than " + IntakeLimits.MAX_BYTES + " bytes"), routed.unread.get(0));
    }

    @Test
    void aMessageOverTwoGibibytesIsMeasuredByItsWholeSize() throws Exception {
        assertEquals(3L << 30, TraceTaskListener.size(bytesMessage((int) (3L << 30), 3L << 30, null, Map.of())));
        assertEquals(Long.MAX_VALUE, TraceTaskListener.size(bytesMessage(-5, null, Map.of())));
    }

    @Test
    void aMadeUpMarkGetsNoMoreThanTheRelaysRoomAndItsBodyIsNotReadPastIt() {
        listener().onMessage(bytesMessage(IntakeLimits.MAX_RELAY_BYTES + 1L, null, Map.of(RelayMark.PROPERTY, "AAAA")));

        assertEquals(1, routed.unread.size());
    }

    @Test
    void theRelaysOwnMessageOverTheRequestLimitIsReadAsTheRelays() {
        byte[] body = ("[\"" + "x".repeat(IntakeLimits.MAX_BYTES) + "\"]").getBytes(StandardCharsets.UTF_8);
        listener().onMessage(bytesMessage(body.length, body, Map.of(RelayMark.PROPERTY, mark.of(body))));

        assertEquals(List.of(), routed.unread);
        assertEquals(1, routed.received.size());
        assertTrue(routed.received.get(0).isRelay(), routed.received.get(0).toString());
    }

    @Test
    void aTextMessagesSizeIsItsUtf8Length() throws Exception {
        String text = "aé€😀";
        TextMessage message = (TextMessage) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {TextMessage.class},
                (proxy, method, args) -> method.getName().equals("getText") ? text : null);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, TraceTaskListener.size(message));
        Message none = (Message) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Message.class}, (p, m, a) -> null);
        assertEquals(0, TraceTaskListener.size(none));
    }

    private static String key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }
}
