package org.tracerelay.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.tracerelay.delivery.DeliveryLedger;
import org.tracerelay.delivery.DeliveryScheduler;
import org.tracerelay.domain.delivery.DeliveryStatus;

/**
 * Ready while the database answers and the drain makes progress: pending work with no delivery
 * attempted for {@code trace.health.stall-after} means the pipeline is stuck (Dify's consumers
 * once stalled for a day unnoticed).
 */
@Readiness
@ApplicationScoped
public class PipelineHealth implements HealthCheck {

    @Inject
    DeliveryLedger ledger;

    @Inject
    DeliveryScheduler scheduler;

    @Inject
    @ConfigProperty(name = "trace.health.stall-after", defaultValue = "PT10M")
    Duration stallAfter;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("trace-relay-pipeline");
        try {
            Map<DeliveryStatus, Long> counts = ledger.countByStatus();
            long pending = counts.get(DeliveryStatus.PENDING) + counts.get(DeliveryStatus.IN_FLIGHT);
            Instant last = scheduler.lastProgress();
            boolean stalled = pending > 0 && Duration.between(last, Instant.now()).compareTo(stallAfter) > 0;
            counts.forEach((status, n) -> response.withData(status.name().toLowerCase(), n));
            return response.withData("last_progress", last.toString()).status(!stalled).build();
        } catch (RuntimeException e) {
            return response.withData("database", "unreachable").down().build();
        }
    }
}
