package org.tracerelay.operator;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.intake.BacklogQuota;
import org.tracerelay.intake.IntakeAdmission;
import org.tracerelay.intake.RefusalStore;
import org.tracerelay.outbox.BacklogFigures;
import org.tracerelay.outbox.DestinationHolds;

/** What the operator view shows, read at once from the shared database and broker. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class OperatorOverview {

    /** Browsing a queue reads every message it counts: past this many the count says "at least". */
    public static final long DEAD_LETTER_CAP = 10_000;
    static final int MAX_HOLDS = 1_000;

    /**
     * @param deadLetters messages on TraceTasksDLQ, at most {@link #DEAD_LETTER_CAP}
     */
    public record Overview(List<NodeState> nodes, List<TenantLoad> tenants, BacklogQuota quota,
                           List<BreakerState> destinations, long deadLetters, boolean deadLettersCapped) {
    }

    @Inject
    RelayNodes nodes;

    @Inject
    BacklogFigures figures;

    @Inject
    DestinationHolds holds;

    @Inject
    IntakeAdmission admission;

    @Inject
    RefusalStore refusals;

    @Inject
    @ConfigProperty(name = "trace.operator.node-report", defaultValue = "PT10S")
    Duration reportPeriod;

    public Overview now() {
        Instant now = Instant.now();
        // Three reports missed in a row: the node is not merely slow.
        Duration silentAfter = reportPeriod.multipliedBy(3);
        List<NodeState> nodeStates = nodes.all().stream()
                .map(n -> NodeState.of(n.getNodeId(), n.isReady(), n.getDetail(), n.getCheckedAt(), now, silentAfter)).toList();
        BacklogQuota quota = admission.quota();
        List<TenantLoad> tenants = TenantLoad.of(figures.backlogByTenant(), quota.perTenant());
        List<BreakerState> destinations = BreakerState.of(figures.backlogByDestination(), holds.all(MAX_HOLDS), now);
        long deadLetters = refusals.deadLetters(DEAD_LETTER_CAP);
        return new Overview(nodeStates, tenants, quota, destinations, deadLetters, deadLetters >= DEAD_LETTER_CAP);
    }
}
