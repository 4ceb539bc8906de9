package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tracerelay.outbox.BacklogFigures;
import org.tracerelay.refusal.Refusal;

class IntakeAdmissionTest {

    /** Backlog figures whose total is set by the test, counting how often it is asked. */
    static final class CountedLedger extends BacklogFigures {
        long backlog;
        final AtomicInteger counts = new AtomicInteger();

        @Override
        public long backlog() {
            counts.incrementAndGet();
            return backlog;
        }
    }

    private final CountedLedger ledger = new CountedLedger();

    private IntakeAdmission admission(long maxBacklog) {
        IntakeAdmission a = new IntakeAdmission();
        a.figures = ledger;
        a.maxBacklog = maxBacklog;
        // Runs background counts at once, on the caller's thread.
        a.executor = (ManagedExecutorService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ManagedExecutorService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("execute")) {
                        ((Runnable) args[0]).run();
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return a;
    }

    @Test
    void farFromTheBoundRequestsDoNotCountTheBacklog() {
        IntakeAdmission a = admission(1_000_000);
        ledger.backlog = 10_000;
        for (int i = 0; i < 500; i++) {
            a.admit("acme", 100);
        }
        sleep(2100);
        a.admit("acme", 100);
        assertEquals(1, ledger.counts.get(), "counted at the first request, then not again for 30 s");
    }

    @Test
    void tasksAdmittedSinceTheCountBringTheRelayNearTheBoundWhereItIsCountedOnTheRequest() {
        IntakeAdmission a = admission(1000);
        ledger.backlog = 0;
        a.admit("acme", 100);
        assertEquals(1, ledger.counts.get());
        // Meanwhile a backend went down and other producers filled the backlog.
        ledger.backlog = 1200;
        for (int i = 0; i < 9; i++) {
            a.admit("acme", 100);
        }
        assertEquals(1, ledger.counts.get(), "far from the bound by the estimate: no count");
        // The estimate (0 counted + 1000 admitted) is at the bound: after the 2 s recheck interval
        // the next request counts and is refused.
        sleep(2100);
        Refusal refused = assertThrows(Refusal.class, () -> a.admit("acme", 100));
        assertEquals(429, refused.status());
        assertEquals(2, ledger.counts.get());
    }

    @Test
    void aFullBacklogIsCountedEveryTwoSecondsAndAdmitsAgainOnceDrained() {
        IntakeAdmission a = admission(1000);
        ledger.backlog = 5000;
        assertThrows(Refusal.class, () -> a.admit("acme", 1));
        assertThrows(Refusal.class, () -> a.admit("acme", 1));
        assertEquals(1, ledger.counts.get(), "at most one count per 2 s");
        ledger.backlog = 10;
        sleep(2100);
        a.admit("acme", 1);
        assertEquals(2, ledger.counts.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
