package org.tracerelay.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracerelay.outbox.BacklogFigures.DestinationBacklog;
import org.tracerelay.outbox.BacklogFigures.TenantBacklog;
import org.tracerelay.outbox.DestinationHolds.HeldDestination;

class OperatorViewTest {

    private static final Instant NOW = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void aNodeIsSilentOnceItsLastReportIsOlderThanTheLimitAndOtherwiseWhatItSaid() {
        Duration limit = Duration.ofSeconds(30);
        assertEquals(NodeState.Status.READY, NodeState.of("n1", true, "", NOW.minusSeconds(29), NOW, limit).status());
        assertEquals(NodeState.Status.NOT_READY, NodeState.of("n1", false, "", NOW.minusSeconds(5), NOW, limit).status());
        assertEquals(NodeState.Status.SILENT, NodeState.of("n1", true, "", NOW.minusSeconds(31), NOW, limit).status());
    }

    @Test
    void tenantsAddUpTheirAppsAndComeFullestFirstAgainstTheirQuota() {
        List<TenantLoad> loads = TenantLoad.of(List.of(
                new TenantBacklog("acme", "a1", 40, 40),
                new TenantBacklog("beta", "b1", 70, 70),
                new TenantBacklog("acme", "a2", 60, 60),
                new TenantBacklog(null, null, 3, 0)), 100);
        assertEquals(List.of(new TenantLoad("acme", 100, 100), new TenantLoad("beta", 70, 100), new TenantLoad("-", 3, 100)), loads);
        assertTrue(loads.get(0).atQuota());
        assertFalse(loads.get(1).atQuota());
    }

    @Test
    void aDestinationIsClosedWithoutAHoldOpenBeforeItsTimeAndProbingAfter() {
        List<BreakerState> states = BreakerState.of(
                List.of(new DestinationBacklog("otlp/a1", "otlp", 12, NOW.minusSeconds(60)),
                        new DestinationBacklog("langfuse/a2", "langfuse", 5, NOW.minusSeconds(60))),
                List.of(new HeldDestination("langfuse/a2", 3, NOW.plusSeconds(20), "status 503"),
                        new HeldDestination("phoenix/a3", 1, NOW.minusSeconds(1), "connect timeout")),
                NOW);
        assertEquals(List.of(
                new BreakerState("langfuse/a2", BreakerState.State.OPEN, 3, NOW.plusSeconds(20), "status 503", 5),
                new BreakerState("otlp/a1", BreakerState.State.CLOSED, 0, null, null, 12),
                new BreakerState("phoenix/a3", BreakerState.State.PROBING, 1, NOW.minusSeconds(1), "connect timeout", 0)), states);
    }
}
