package org.tracerelay.broker;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.CreateSessionMessage;
import org.apache.activemq.artemis.core.remoting.CloseListener;
import org.apache.activemq.artemis.core.remoting.FailureListener;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's cap on a message to TraceTasks, checked on the core protocol's packets as they arrive,
 * before the broker stores or delivers the message: a JMS TextMessage is decoded whole by the
 * consumer's client before the relay's listener can look at it, so only the broker can stop one.
 * A send over the cap fails its connection at once: the producer's send throws, and the session's
 * close deletes the partial large-message file. (An interceptor's exception would only be logged by
 * Artemis, and a dropped packet would leave the sender waiting for its call timeout.)
 *
 * <p>The cap, in bytes: system property {@value #CAP_PROPERTY}, else the env variable
 * {@value #CAP_ENV}, else {@link #DEFAULT_CAP}: the relay's own room for a message it writes (twice
 * the 20 MiB intake limit) plus 1 MiB for headers. The broker cannot tell a producer's message from
 * the relay's, so it allows the larger; the relay's listener holds a producer's to 20 MiB.
 */
public final class MessageSizeGuard implements Interceptor {

    static final String CAP_PROPERTY = "trace.broker.max-message-bytes";
    static final String CAP_ENV = "TRACE_BROKER_MAX_MESSAGE_BYTES";
    static final long DEFAULT_CAP = 41L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MessageSizeGuard.class);

    private final SendTally tally;
    private final Map<Object, String> users = new ConcurrentHashMap<>();

    public MessageSizeGuard() {
        this(configuredCap());
    }

    MessageSizeGuard(long cap) {
        this.tally = new SendTally(cap);
    }

    @Override
    public boolean intercept(Packet packet, RemotingConnection connection) throws ActiveMQException {
        Object id = connection.getID();
        if (packet instanceof CreateSessionMessage session) {
            watch(connection).put(id, session.getUsername() == null ? "anonymous" : session.getUsername());
        }
        boolean tracked = tally.tracks(id);
        String refusal = tally.refusal(id, packet);
        if (!tracked && tally.tracks(id)) {
            watch(connection);
        }
        if (refusal == null) {
            return true;
        }
        LOG.warn("Refused {} to {} from {} (user {}); the connection is closed", refusal, IntakeAddress.NAME,
                connection.getRemoteAddress(), user(connection.getSubject(), users.get(id)));
        forget(id);
        connection.fail(new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION,
                "Trace Relay refuses a message to " + IntakeAddress.NAME + " over " + tally.cap() + " bytes"));
        return false;
    }

    /** The logins' names by connection, from their session's creation; the connection's end forgets them and its count. */
    private Map<Object, String> watch(RemotingConnection connection) {
        Object id = connection.getID();
        if (users.putIfAbsent(id, "unknown") == null) {
            Forget forget = new Forget(this, id);
            connection.addCloseListener(forget);
            connection.addFailureListener(forget);
        }
        return users;
    }

    int connectionsWatched() {
        return users.size();
    }

    private void forget(Object id) {
        tally.forget(id);
        users.remove(id);
    }

    static long configuredCap() {
        String value = System.getProperty(CAP_PROPERTY, System.getenv(CAP_ENV));
        if (value == null || value.isBlank()) {
            return DEFAULT_CAP;
        }
        long cap = Long.parseLong(value.trim());
        if (cap <= 0) {
            throw new IllegalArgumentException(CAP_PROPERTY + " must be positive, was " + cap);
        }
        return cap;
    }

    /** The authenticated user where the broker's security set one on the connection, else the name its session gave. */
    private static String user(Subject subject, String sessionUser) {
        String fallback = sessionUser == null ? "unknown" : sessionUser;
        if (subject == null) {
            return fallback;
        }
        return subject.getPrincipals().stream()
                .filter(p -> p.getClass().getSimpleName().equals("UserPrincipal"))
                .map(Principal::getName)
                .findFirst()
                .orElse(fallback);
    }

    private record Forget(MessageSizeGuard guard, Object id) implements CloseListener, FailureListener {

        @Override
        public void connectionClosed() {
            guard.forget(id);
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver) {
            guard.forget(id);
        }

        @Override
        public void connectionFailed(ActiveMQException exception, boolean failedOver, String scaleDownTargetNodeID) {
            guard.forget(id);
        }
    }
}
