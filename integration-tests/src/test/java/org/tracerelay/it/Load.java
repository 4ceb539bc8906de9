package org.tracerelay.it;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A producer posting batches of 50 moderation tasks to the cluster's two nodes in turn (about
 * 1,000 tasks/s), remembering every task it sent and which ones a node acknowledged (202). A node
 * that is down or answers otherwise simply does not acknowledge; the producer goes on with the other.
 */
final class Load implements AutoCloseable {

    private static final List<String> NODES = ClusterIT.NODES;

    final String tenant;
    private final String app;
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicIntegerArray acknowledgedBy = new AtomicIntegerArray(NODES.size());
    private final AtomicInteger unanswered = new AtomicInteger();
    private final AtomicLong slowestMillis = new AtomicLong();
    private final Thread producer;
    private volatile boolean running = true;

    private Load(String app, String tenant) {
        this.app = app;
        this.tenant = tenant;
        this.producer = new Thread(this::produce, "cluster-load");
    }

    static Load start(String app, String tenant) {
        Load load = new Load(app, tenant);
        load.producer.start();
        return load;
    }

    private void produce() {
        String token = Tokens.of(tenant, "producer");
        for (int request = 0; running; request++) {
            int node = request % NODES.size();
            ClusterIT.Batch batch = ClusterIT.Batch.of(app, 50);
            sent.addAll(batch.traceIds());
            long began = System.nanoTime();
            boolean accepted = false;
            try {
                accepted = Relay.sendTo(NODES.get(node), "POST", "trace-tasks", token, batch.body()).status() == 202;
                if (accepted) {
                    acknowledged.addAll(batch.traceIds());
                    acknowledgedBy.addAndGet(node, batch.traceIds().size());
                }
            } catch (IllegalStateException downOrTimedOut) {
                // Not acknowledged: the producer would send these again; the test only holds the relay to its 202s.
            }
            slowestMillis.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
            if (!accepted) {
                unanswered.incrementAndGet();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    Set<String> sent() {
        return Set.copyOf(sent);
    }

    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Requests answered otherwise than 202, or not at all. */
    int unanswered() {
        return unanswered.get();
    }

    /** The longest a request waited for its answer, in milliseconds. */
    long slowestMillis() {
        return slowestMillis.get();
    }

    /** Tasks acknowledged by node {@code index} (0 or 1). */
    int acknowledgedBy(int index) {
        return acknowledgedBy.get(index);
    }

    void stop() throws InterruptedException {
        running = false;
        producer.join(60_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
