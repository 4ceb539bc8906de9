package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tracerelay.admin.AdminProblem;
import org.tracerelay.delivery.DeliveryLedger;

class IntakeAdmissionTest {

    /** A ledger whose backlog is set by the test, counting how often it is asked. */
    static final class CountedLedger extends DeliveryLedger {
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
        a.ledger = ledger;
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
            a.admitted(100);
        }
        sleep(2100);
        a.admit("acme", 100);
        assertEquals(1, ledger.counts.get(), "one background count, then the estimate until 30 s have passed");
    }

    @Test
    void tasksAdmittedSinceTheCountBringTheEstimateToTheBoundWhereItIsCountedAgain() {
        IntakeAdmission a = admission(1000);
        ledger.backlog = 0;
        a.admit("acme", 100);
        a.admitted(100);
        assertEquals(1, ledger.counts.get());
        ledger.backlog = 1200;
        // 400 more admitted, no count: the estimate (0 counted + 500 admitted) is half the bound,
        // so the first request after the 2 s recheck interval counts on the spot.
        for (int i = 0; i < 4; i++) {
            a.admit("acme", 100);
            a.admitted(100);
        }
        sleep(2100);
        AdminProblem refused = assertThrows(AdminProblem.class, () -> a.admit("acme", 100));
        assertEquals(429, refused.status());
        assertEquals(2, ledger.counts.get());
    }

    @Test
    void aFullBacklogThatDrainsAdmitsAgainAfterTheNextCount() {
        IntakeAdmission a = admission(1000);
        ledger.backlog = 5000;
        a.admit("acme", 1); // the first count runs in the background: this request still passes
        assertThrows(AdminProblem.class, () -> a.admit("acme", 1));
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
