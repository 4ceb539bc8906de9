package org.tracerelay.intake;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.task.IntakeLimits;

/**
 * The heap the bodies being read on this node may take at once: each REST request and each JMS
 * message reserves what reading its body may cost at its peak before it is read, and gives it back
 * when it is done. Eight listener sessions and the HTTP workers reading bodies of the largest
 * kind at once would otherwise take several times the heap; with the reservation they take
 * turns, and small bodies (another tenant's task) still find room beside a large one.
 */
@ApplicationScoped
public class ReadingMemory {

    /**
     * Heap per byte of body that its read may take (IntakeMemoryTest measures the bytes allocated):
     * the message's bytes as the broker client holds them and as the listener copies them,
     * Jackson's buffers of a string while it is read, the string (UTF-16 when it holds a character
     * past U+00FF), and the text kept of a relay's item; at most 8.3 for 20 MiB of such text.
     */
    static final int BYTES_PER_BODY_BYTE = 10;
    /** Heap per JSON value of the tree at most (an empty object in an array, measured: about 70). */
    static final int BYTES_PER_VALUE = 80;

    /** MiB; 0 (the default): a third of the maximum heap. */
    @Inject
    @ConfigProperty(name = "trace.intake.read-memory", defaultValue = "0")
    long readMemoryMib;

    private Semaphore kib;
    private int budgetKib;

    public ReadingMemory() {
    }

    /** Outside a container (tests). */
    ReadingMemory(long readMemoryMib) {
        this.readMemoryMib = readMemoryMib;
        init();
    }

    @PostConstruct
    void init() {
        long bytes = readMemoryMib > 0 ? readMemoryMib * 1024 * 1024 : Runtime.getRuntime().maxMemory() / 3;
        budgetKib = (int) Math.min(Integer.MAX_VALUE, bytes / 1024);
        kib = new Semaphore(budgetKib);
    }

    /** What reading a body of {@code bytes} may hold at its peak, in KiB; never more than the whole budget. */
    int costKib(long bytes) {
        long body = Math.max(0, bytes);
        long peak = BYTES_PER_BODY_BYTE * body + BYTES_PER_VALUE * Math.min(body + 1, IntakeLimits.MAX_VALUES);
        return (int) Math.min(budgetKib, peak / 1024 + 1);
    }

    /** A reservation, given back by {@link #close()}. */
    public final class Lease implements AutoCloseable {
        private final int kibs;
        private boolean open = true;

        private Lease(int kibs) {
            this.kibs = kibs;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                kib.release(kibs);
            }
        }
    }

    /**
     * Reserves the read of a body of {@code bytes}, waiting at most {@code wait} for room; null
     * when there was none.
     */
    public Lease reserve(long bytes, Duration wait) throws InterruptedException {
        int cost = costKib(bytes);
        return kib.tryAcquire(cost, wait.toMillis(), TimeUnit.MILLISECONDS) ? new Lease(cost) : null;
    }

    /** KiB free now (metrics, tests). */
    int freeKib() {
        return kib.availablePermits();
    }
}
