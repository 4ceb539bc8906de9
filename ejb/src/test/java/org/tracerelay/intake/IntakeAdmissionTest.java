package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tracerelay.outbox.BacklogFigures;
import org.tracerelay.outbox.BacklogFigures.TenantBacklog;
import org.tracerelay.outbox.DrainLag;
import org.tracerelay.refusal.Refusal;

class IntakeAdmissionTest {

    /**
     * Backlog figures set by the test, counting how often they are read: {@code backlog} waits for
     * a tenant no test sends as, {@code groups} for the tenants and apps a test names.
     */
    static final class CountedLedger extends BacklogFigures {
        long backlog;
        List<TenantBacklog> groups = List.of();
        final AtomicInteger counts = new AtomicInteger();

        @Override
        public List<TenantBacklog> backlogByTenant() {
            counts.incrementAndGet();
            List<TenantBacklog> all = new ArrayList<>(groups);
            all.add(new TenantBacklog("bulk", "bulk-app", backlog, backlog));
            return all;
        }
    }

    /** Drain lag set by the test, for any app of the tenant "acme" only. */
    static final class SetLag extends DrainLag {
        Duration acme = Duration.ZERO;

        @Override
        public Duration of(String tenant, Collection<String> appIds, long nowNanos) {
            return tenant.equals("acme") && !appIds.isEmpty() ? acme : Duration.ZERO;
        }
    }

    private final CountedLedger ledger = new CountedLedger();
    private final SetLag lag = new SetLag();

    private IntakeAdmission admission(long maxBacklog) {
        IntakeAdmission a = new IntakeAdmission();
        a.figures = ledger;
        a.maxBacklog = maxBacklog;
        a.storageBudget = 1L << 40;
        a.taskBytes = 4096;
        // The whole total for one tenant or destination, unless a test sets a share.
        a.tenantShare = 1;
        a.destinationShare = 1;
        a.lag = lag;
        a.pacingGrace = Duration.ofSeconds(1);
        a.pacingMaxDelay = Duration.ofSeconds(1);
        a.maxWaiting = 2;
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

    @Test
    void withinTheGraceNoRequestIsSlowed() {
        IntakeAdmission a = admission(1_000_000);
        lag.acme = Duration.ofMillis(1_000);
        assertEquals(0, a.admit("acme", Set.of("app-1"), 1000));
    }

    @Test
    void pastTheGraceARequestIsSlowedByItsTasksAndTheLag() {
        IntakeAdmission a = admission(1_000_000);
        lag.acme = Duration.ofSeconds(3);
        // 2 s past the grace, 0.2 ms a task each second: 100 tasks wait 40 ms; one task 0.4 ms, not made.
        assertEquals(40, a.admit("acme", Set.of("app-1"), 100));
        assertEquals(0, a.admit("acme", Set.of("app-1"), 1));
        lag.acme = Duration.ofSeconds(11);
        assertEquals(200, a.admit("acme", Set.of("app-1"), 100));
        assertEquals(2, a.admit("acme", Set.of("app-1"), 1));
    }

    @Test
    void noRequestWaitsLongerThanTheMaximumAndZeroTurnsPacingOff() {
        IntakeAdmission a = admission(1_000_000);
        lag.acme = Duration.ofMinutes(10);
        assertEquals(1_000, a.admit("acme", Set.of("app-1"), 1000));
        a.pacingMaxDelay = Duration.ZERO;
        assertEquals(0, a.admit("acme", Set.of("app-1"), 1000));
    }

    @Test
    void anotherTenantsLagSlowsNoOneElse() {
        IntakeAdmission a = admission(1_000_000);
        lag.acme = Duration.ofMinutes(10);
        assertEquals(0, a.admit("globex", Set.of("app-1"), 1000));
    }

    @Test
    void aRefusalComesBeforeAnyWait() {
        IntakeAdmission a = admission(1000);
        ledger.backlog = 5000;
        lag.acme = Duration.ofMinutes(10);
        assertThrows(Refusal.class, () -> a.admit("acme", Set.of("app-1"), 100));
    }

    @Test
    void aTenantMayHaveOnlySoManyRequestsWaitingAndAllTenantsTwiceThat() throws Exception {
        IntakeAdmission a = admission(1_000_000);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            // Two of acme's requests wait (the most one tenant may, here): a third is refused at once.
            var first = pool.submit(() -> { started.countDown(); a.pace("acme", 1500); });
            var second = pool.submit(() -> a.pace("acme", 1500));
            started.await();
            sleep(200);
            Refusal refused = assertThrows(Refusal.class, () -> a.pace("acme", 1500));
            assertEquals(429, refused.status());
            // Another tenant still may: the node's limit is twice the tenant's.
            var third = pool.submit(() -> a.pace("globex", 1500));
            var fourth = pool.submit(() -> a.pace("initech", 1500));
            sleep(200);
            // Four wait now: the node's limit; a fifth tenant is refused too.
            assertThrows(Refusal.class, () -> a.pace("umbrella", 1500));
            first.get();
            second.get();
            third.get();
            fourth.get();
            // Once they are answered, the tenant may wait again.
            a.pace("acme", 1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTenantAtItsQuotaIsRefusedWithRetryAfterAndTheOthersAreAdmitted() {
        IntakeAdmission a = admission(1000);
        a.tenantShare = 0.25;
        ledger.groups = List.of(new TenantBacklog("dead", "a1", 250, 250));
        Refusal refused = assertThrows(Refusal.class, () -> a.admit("dead", Set.of("a1"), 1));
        assertEquals(429, refused.status());
        assertEquals(30, refused.retryAfterSeconds());
        assertEquals(0, a.admit("live", Set.of("b1"), 1000), "another tenant is untouched");
        ledger.groups = List.of(new TenantBacklog("dead", "a1", 249, 249));
        sleep(2100);
        a.admit("dead", Set.of("a1"), 1000);
    }

    @Test
    void anAppAtItsDestinationsQuotaIsRefusedAndTheTenantsOtherAppsAreNot() {
        IntakeAdmission a = admission(1000);
        a.tenantShare = 0.25;
        a.destinationShare = 0.1;
        ledger.groups = List.of(new TenantBacklog("acme", "a1", 100, 100));
        assertThrows(Refusal.class, () -> a.admit("acme", Set.of("a1"), 1));
        assertThrows(Refusal.class, () -> a.admit("acme", Set.of("a2", "a1"), 1), "a request naming it");
        a.admit("acme", Set.of("a2"), 100);
    }

    @Test
    void theSharedEnterpriseCollectorRefusesNoAppButCountsTowardsItsTenant() {
        IntakeAdmission a = admission(1000);
        a.tenantShare = 0.25;
        a.destinationShare = 0.1;
        ledger.groups = List.of(new TenantBacklog("acme", "a1", 200, 0));
        a.admit("acme", Set.of("a1"), 10);
        ledger.groups = List.of(new TenantBacklog("acme", "a1", 250, 0));
        sleep(2100);
        assertThrows(Refusal.class, () -> a.admit("acme", Set.of("a1"), 1));
    }

    @Test
    void whatATenantWasAdmittedSinceTheCountBringsItToItsQuotaAloneWithoutACount() {
        IntakeAdmission a = admission(1000);
        a.tenantShare = 0.25;
        a.admit("acme", 100);
        a.admit("acme", 100);
        a.admit("acme", 100);
        Refusal refused = assertThrows(Refusal.class, () -> a.admit("acme", 1), "counted 0 plus 300 admitted here is past 250");
        assertEquals(2, refused.retryAfterSeconds(), "over by the estimate only: back at the next count");
        assertEquals(1, ledger.counts.get(), "within 2 s of the count: the estimate decides");
        a.admit("globex", 200);
    }

    @Test
    void theTotalIsJudgedByTheCountAloneSoADeliveredBurstRefusesNoOtherTenant() {
        IntakeAdmission a = admission(50);
        a.tenantShare = 1;
        a.admit("speedy", 1000);
        a.admit("acme", 10);
        assertEquals(1, ledger.counts.get(), "the estimate past the total only asks for a count (after 2 s)");
    }

    @Test
    void aProducersMessageIsHeldToTheSameQuotas() {
        IntakeAdmission a = admission(1000);
        a.tenantShare = 0.25;
        ledger.groups = List.of(new TenantBacklog("dead", "a1", 300, 300));
        Refusal refused = assertThrows(Refusal.class, () -> a.admitQueued("dead", List.of("a1"), 1));
        assertEquals(30, refused.retryAfterSeconds());
        a.admitQueued("live", List.of("b1"), 10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
