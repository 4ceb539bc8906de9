package org.tracerelay.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendContinuationMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendLargeMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;

/**
 * Counts what a connection sends to the relay's intake address and names the first send over the cap.
 * A regular message arrives whole in one packet; a large one as a header, then body chunks on the
 * session's channel, one large message at a time per session. Its size is counted from the chunks
 * themselves, since a client need not declare it (a buffered TextMessage does not). A compressed
 * message is refused outright: its chunks say nothing of the size the consumer would inflate.
 */
final class SendTally {

    private final long cap;
    /** Bytes of the large message under way, per connection and session channel (absent: none under way, or not guarded). */
    private final Map<Object, Map<Long, Long>> underway = new ConcurrentHashMap<>();

    SendTally(long cap) {
        this.cap = cap;
    }

    long cap() {
        return cap;
    }

    /** Null when the packet may pass, else why the send is refused. */
    String refusal(Object connection, Packet packet) {
        if (packet instanceof SessionSendLargeMessage header) {
            Message message = header.getLargeMessage();
            if (!IntakeAddress.matches(message.getAddress())) {
                return null;
            }
            if (compressed(message)) {
                return "a compressed large message to " + message.getAddress();
            }
            long size = headerSize(message);
            if (size > cap) {
                return "a message header of " + size + " bytes, over " + cap;
            }
            underway.computeIfAbsent(connection, c -> new ConcurrentHashMap<>()).put(packet.getChannelID(), size);
            return null;
        }
        if (packet instanceof SessionSendContinuationMessage chunk) {
            Map<Long, Long> sessions = underway.get(connection);
            Long sofar = sessions == null ? null : sessions.get(packet.getChannelID());
            if (sofar == null) {
                return null;
            }
            long size = sofar + (chunk.getBody() == null ? 0 : chunk.getBody().length);
            if (size > cap || chunk.getMessageBodySize() > cap) {
                sessions.remove(packet.getChannelID());
                return "a large message of more than " + cap + " bytes (" + Math.max(size, chunk.getMessageBodySize()) + " so far)";
            }
            if (chunk.isContinues()) {
                sessions.put(packet.getChannelID(), size);
            } else {
                sessions.remove(packet.getChannelID());
            }
            return null;
        }
        if (packet instanceof SessionSendMessage send && send.getMessage() != null
                && IntakeAddress.matches(send.getMessage().getAddress())) {
            if (compressed(send.getMessage())) {
                return "a compressed message to " + send.getMessage().getAddress();
            }
            long size = send.getMessage().getEncodeSize();
            if (size > cap) {
                return "a message of " + size + " bytes, over " + cap;
            }
        }
        return null;
    }

    /** The connection is gone: whatever it had under way goes with it. */
    void forget(Object connection) {
        underway.remove(connection);
    }

    boolean tracks(Object connection) {
        return underway.containsKey(connection);
    }

    private static long headerSize(Message message) {
        return Math.max(0, message instanceof ICoreMessage core ? core.getHeadersAndPropertiesEncodeSize() : message.getEncodeSize());
    }

    private static boolean compressed(Message message) {
        return Boolean.TRUE.equals(message.getBooleanProperty(Message.HDR_LARGE_COMPRESSED));
    }
}
