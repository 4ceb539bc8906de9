package org.tracerelay.broker;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.api.core.ActiveMQBuffer;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendContinuationMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendLargeMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;
import org.junit.jupiter.api.Test;

class SendTallyTest {

    private static final long CAP = 1000;
    private final SendTally tally = new SendTally(CAP);

    @Test
    void largeMessageChunksAreCountedPerSessionUntilTheCap() {
        assertNull(tally.refusal("c1", on(5, header("TraceTasks"))));
        assertNull(tally.refusal("c1", on(6, header("TraceTasks"))));
        assertNull(tally.refusal("c1", on(5, chunk(400, true, -1))));
        assertNull(tally.refusal("c1", on(6, chunk(400, true, -1))));
        assertNull(tally.refusal("c2", on(5, chunk(900, true, -1))), "another connection's session 5 sent no header");
        assertNotNull(tally.refusal("c1", on(5, chunk(600, true, -1))), "session 5 is past the cap");
        assertNull(tally.refusal("c1", on(6, chunk(100, false, 500))), "session 6 ends under it");
    }

    @Test
    void theSizeIsCountedEvenWhenTheClientDeclaresNone() {
        assertNull(tally.refusal("c", on(1, header("TraceTasks"))));
        for (int i = 0; i < 3; i++) {
            assertNull(tally.refusal("c", on(1, chunk(300, true, -1))));
        }
        assertNotNull(tally.refusal("c", on(1, chunk(300, false, 10))), "the last chunk's declared size is not believed");
    }

    @Test
    void aFinishedMessageStartsTheCountAgain() {
        for (int i = 0; i < 3; i++) {
            assertNull(tally.refusal("c", on(1, header("TraceTasks"))));
            assertNull(tally.refusal("c", on(1, chunk(800, false, 800))));
        }
        assertFalse(tally.tracks("c") && tally.refusal("c", on(1, chunk(5000, true, -1))) != null,
                "a chunk without a header of its own is not counted");
    }

    @Test
    void aDeclaredSizeOverTheCapIsRefusedOnTheLastChunk() {
        assertNull(tally.refusal("c", on(1, header("TraceTasks"))));
        assertNotNull(tally.refusal("c", on(1, chunk(10, false, 5000))));
    }

    @Test
    void everySpellingOfTheIntakeAddressIsGuardedAndNoOther() {
        for (String address : new String[] {"TraceTasks", "jms.queue.TraceTasks", "TraceTasks::TraceTasks", null}) {
            assertNotNull(tally.refusal("c", on(1, regular(address, 2000))), String.valueOf(address));
            assertNotNull(tally.refusal("c", on(1, compressed(header(address)))), String.valueOf(address));
        }
        assertNull(tally.refusal("c", on(1, regular("TraceTasksDLQ", 2000))));
        assertNull(tally.refusal("c", on(1, header("TraceRelayBaseline"))));
        assertNull(tally.refusal("c", on(1, chunk(5000, true, -1))), "chunks of an unguarded address are not counted");
    }

    @Test
    void aRegularMessageIsMeasuredWhole() {
        assertNull(tally.refusal("c", on(1, regular("TraceTasks", 500))));
        assertNotNull(tally.refusal("c", on(1, regular("TraceTasks", 1001))));
        SessionSendMessage small = regular("TraceTasks", 10);
        small.getMessage().putBooleanProperty(Message.HDR_LARGE_COMPRESSED, true);
        assertNotNull(tally.refusal("c", on(1, small)), "a compressed body says nothing of its inflated size");
    }

    @Test
    void aConnectionsCountEndsWithIt() {
        assertNull(tally.refusal("c", on(1, header("TraceTasks"))));
        assertTrue(tally.tracks("c"));
        tally.forget("c");
        assertFalse(tally.tracks("c"));
        assertNull(tally.refusal("c", on(1, chunk(5000, true, -1))));
    }

    /** The packet as the broker sees it: encoded by the client, decoded on the session's channel. */
    private static Packet on(long channel, PacketImpl packet) {
        packet.setChannelID(channel);
        ActiveMQBuffer wire = packet.encode(null);
        wire.readInt();
        byte type = wire.readByte();
        PacketImpl decoded = switch (type) {
            case PacketImpl.SESS_SEND -> new SessionSendMessage(new CoreMessage());
            case PacketImpl.SESS_SEND_LARGE -> new SessionSendLargeMessage(new CoreMessage());
            case PacketImpl.SESS_SEND_CONTINUATION -> new SessionSendContinuationMessage();
            default -> throw new IllegalArgumentException("type " + type);
        };
        decoded.decode(wire);
        return decoded;
    }

    private static SessionSendLargeMessage header(String address) {
        CoreMessage message = new CoreMessage(1, 64);
        if (address != null) {
            message.setAddress(address);
        }
        return new SessionSendLargeMessage(message);
    }

    private static SessionSendLargeMessage compressed(SessionSendLargeMessage header) {
        header.getLargeMessage().putBooleanProperty(Message.HDR_LARGE_COMPRESSED, true);
        return header;
    }

    private static SessionSendContinuationMessage chunk(int bytes, boolean continues, long declared) {
        return new SessionSendContinuationMessage(null, new byte[bytes], continues, !continues, declared, null);
    }

    private static SessionSendMessage regular(String address, int bodyBytes) {
        CoreMessage message = new CoreMessage(1, bodyBytes + 64);
        if (address != null) {
            message.setAddress(address);
        }
        message.getBodyBuffer().writeBytes(new byte[bodyBytes]);
        return new SessionSendMessage(message, true, null);
    }
}
