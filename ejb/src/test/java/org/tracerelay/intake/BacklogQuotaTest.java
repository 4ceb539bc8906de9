package org.tracerelay.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.outbox.BacklogFigures.TenantBacklog;

class BacklogQuotaTest {

    private static final long GIB = 1L << 30;

    @Test
    void theDefaultsGiveAMillionTasksAQuarterOfThemPerTenantAndATenthPerDestination() {
        BacklogQuota q = BacklogQuota.derive(4 * GIB, 4096, 0.25, 0.1, 0);
        assertEquals(1_048_576, q.total());
        assertEquals(262_144, q.perTenant());
        assertEquals(104_857, q.perDestination());
    }

    @Test
    void moreDiskMoreTasksLargerTasksFewer() {
        assertEquals(10 * 1_048_576, BacklogQuota.derive(40 * GIB, 4096, 0.25, 0.1, 0).total());
        assertEquals(524_288, BacklogQuota.derive(4 * GIB, 8192, 0.25, 0.1, 0).total());
    }

    @Test
    void aMaxBacklogTheOperatorSetsReplacesTheDerivedTotalAndTheSharesApplyToIt() {
        BacklogQuota q = BacklogQuota.derive(4 * GIB, 4096, 0.25, 0.1, 1000);
        assertEquals(1000, q.total());
        assertEquals(250, q.perTenant());
        assertEquals(100, q.perDestination());
    }

    @Test
    void aTinyBudgetStillAdmitsOneTaskPerTenantAndDestination() {
        BacklogQuota q = BacklogQuota.derive(100, 4096, 0.25, 0.1, 0);
        assertEquals(1, q.total());
        assertEquals(1, q.perTenant());
        assertEquals(1, q.perDestination());
    }

    @Test
    void nonsenseSettingsAreRefusedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> BacklogQuota.derive(0, 4096, 0.25, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> BacklogQuota.derive(GIB, 0, 0.25, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> BacklogQuota.derive(GIB, 4096, 0, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> BacklogQuota.derive(GIB, 4096, 0.25, 1.5, 0));
        assertThrows(IllegalArgumentException.class, () -> BacklogQuota.derive(GIB, 4096, Double.NaN, 0.1, 0));
    }

    @Test
    void atTheQuotaIsOverAndHalfOfItIsNear() {
        assertFalse(BacklogQuota.over(249, 250));
        assertTrue(BacklogQuota.over(250, 250));
        assertFalse(BacklogQuota.near(124, 250));
        assertTrue(BacklogQuota.near(125, 250));
    }

    @Test
    void countsAddUpPerTenantAndPerAppForItsOwnDestination() {
        BacklogCounts c = BacklogCounts.of(List.of(
                new TenantBacklog("acme", "a1", 160, 70),
                new TenantBacklog("acme", "a2", 5, 5),
                new TenantBacklog("globex", "g1", 1, 1),
                new TenantBacklog(null, null, 3, 3)));
        assertEquals(169, c.total());
        assertEquals(165, c.ofTenant("acme"));
        assertEquals(1, c.ofTenant("globex"));
        assertEquals(0, c.ofTenant("initech"));
        assertEquals(70, c.ofApp("acme", "a1"), "the enterprise collector is no app's own destination");
        assertEquals(0, c.ofApp("globex", "a1"), "an app id is read within its tenant");
    }
}
