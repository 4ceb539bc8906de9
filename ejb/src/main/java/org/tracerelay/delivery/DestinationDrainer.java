package org.tracerelay.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.UserTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracerelay.config.OpenDestination;
import org.tracerelay.export.Destination;
import org.tracerelay.export.ExportItem;
import org.tracerelay.export.ExportOutcome;
import org.tracerelay.export.Exporters;
import org.tracerelay.export.TraceExporter;
import org.tracerelay.export.UnreadableTask;
import org.tracerelay.json.JsonText;
import org.tracerelay.metrics.RelayMetrics;
import org.tracerelay.outbox.ClaimedDelivery;
import org.tracerelay.outbox.DeliveryClaims;
import org.tracerelay.outbox.OutcomeRecorder;
import org.tracerelay.outbox.RouteKey;
import org.tracerelay.redaction.Redacted;
import org.tracerelay.redaction.RedactionReport;
import org.tracerelay.redaction.Redactions;
import org.tracerelay.task.TaskEnvelope;

/**
 * Drains one destination: claim a batch, export it, record every item's outcome, and go on
 * while a full batch was found (Dify left the rest waiting for the next enqueue). Each batch is
 * one transaction holding its rows' locks through the export: other nodes skip them, and a node
 * that dies mid-batch leaves them due at once (the database ends its transaction) instead of
 * after a lease.
 */
@ApplicationScoped
public class DestinationDrainer {

    private static final Logger LOG = Logger.getLogger(DestinationDrainer.class.getName());

    @Inject
    DeliveryClaims claims;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    DestinationDirectory directory;

    @Inject
    Exporters exporters;

    @Inject
    CircuitBreakers breakers;

    @Inject
    RelayMetrics metrics;

    @Inject
    Redactions redactions;

    @Inject
    @ConfigProperty(name = "trace.queue.manager.batch.size", defaultValue = "100")
    int batchSize;

    /** The longest one batch (claim, export with its retries inside, record) may hold its rows. */
    @Inject
    @ConfigProperty(name = "trace.delivery.batch-timeout", defaultValue = "PT5M")
    Duration batchTimeout;

    @Inject
    UserTransaction transaction;

    /** @return how many deliveries were attempted */
    public int drain(String destinationKey) {
        return drain(destinationKey, Integer.MAX_VALUE);
    }

    /** As {@link #drain(String)}, stopping after {@code maxBatches} batches (an early drain takes one). */
    public int drain(String destinationKey, int maxBatches) {
        int attempted = 0;
        int batches = 0;
        // Other nodes' holds are read once per drain; within it, this node records every outcome itself.
        if (!breakers.allows(destinationKey, Instant.now())) {
            return 0;
        }
        do {
            Map<String, ExportOutcome> outcomes = drainBatch(destinationKey);
            attempted += outcomes.size();
            breakers.record(destinationKey, outcomes.values(), Instant.now());
            String provider = RouteKey.parse(destinationKey).provider();
            outcomes.values().forEach(o -> metrics.outcome(provider, o.kind()));
            if (outcomes.size() < batchSize || ++batches >= maxBatches) {
                return attempted;
            }
        } while (breakers.allowsHere(destinationKey, Instant.now()));
        return attempted;
    }

    private Map<String, ExportOutcome> drainBatch(String destinationKey) {
        try {
            transaction.setTransactionTimeout((int) Math.max(1, batchTimeout.toSeconds()));
            transaction.begin();
            try {
                Map<String, ExportOutcome> outcomes = Map.of();
                List<ClaimedDelivery> batch = claims.claim(destinationKey, batchSize, Instant.now());
                if (!batch.isEmpty()) {
                    outcomes = exportBatch(destinationKey, batch);
                    if (CircuitBreakers.destinationDown(outcomes.values())) {
                        // The backend is down, not these tasks: they keep their place in line behind the breaker.
                        recorder.release(batch, outcomes, Instant.now());
                    } else {
                        recorder.record(batch, outcomes, Instant.now());
                    }
                }
                transaction.commit();
                return outcomes;
            } catch (RuntimeException | RollbackException | HeuristicMixedException | HeuristicRollbackException e) {
                rollbackQuietly();
                // Exported maybe, but not recorded: the rows are due again and may be sent twice.
                throw new IllegalStateException("batch for " + destinationKey + " not recorded: " + e, e);
            } finally {
                transaction.setTransactionTimeout(0);
            }
        } catch (NotSupportedException | SystemException e) {
            throw new IllegalStateException("no transaction for draining " + destinationKey, e);
        }
    }

    private void rollbackQuietly() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (SystemException | IllegalStateException e) {
            LOG.warning(() -> "rollback failed: " + e);
        }
    }

    private Map<String, ExportOutcome> exportBatch(String key, List<ClaimedDelivery> batch) {
        Map<String, ExportOutcome> outcomes = new HashMap<>();
        Optional<OpenDestination> open = directory.resolve(key);
        Optional<Destination> destination = open.map(OpenDestination::destination);
        Optional<TraceExporter> exporter = destination.flatMap(d -> exporters.forProvider(d.provider()));
        List<ExportItem> items = new ArrayList<>(batch.size());
        List<UnreadableTask> unreadable = new ArrayList<>();
        Redactions.Batch redaction = redactions.forBatch(key);
        for (ClaimedDelivery c : batch) {
            if (destination.isEmpty()) {
                outcomes.put(c.deliveryId(), ExportOutcome.dead("destination_not_configured",
                        "no trace config for " + key));
            } else if (c.tenantId() != null && !open.get().takes(c.tenantId())) {
                // The app id now belongs to another tenant: this task never goes with its config.
                outcomes.put(c.deliveryId(), ExportOutcome.dead("tenant_mismatch",
                        "the task's tenant does not own app " + destination.get().appId() + "; not sent"));
            } else if (exporter.isEmpty()) {
                outcomes.put(c.deliveryId(), ExportOutcome.dead("unsupported_tracing_provider",
                        "no exporter for provider " + destination.get().provider()));
            } else if (c.envelopeJson() == null) {
                unreadable.add(unreadable(c, c.unreadableReason()));
            } else {
                rehydrate(c, unreadable).map(item -> redacted(redaction, c, item)).ifPresent(items::add);
            }
        }
        if (!unreadable.isEmpty()) {
            outcomes.putAll(reportUnreadable(exporter.get(), destination.get(), unreadable));
        }
        if (!items.isEmpty()) {
            outcomes.putAll(exportGuarded(exporter.get(), destination.get(), items));
        }
        return outcomes;
    }

    /** Every exporter gets the task as this destination's rules leave it; the stored task stays whole. */
    private ExportItem redacted(Redactions.Batch redaction, ClaimedDelivery c, ExportItem item) {
        Redacted r = redaction.apply(c.tenantId() != null ? c.tenantId() : item.task().tenantId(), item.task());
        String provider = RouteKey.parse(redaction.destination()).provider();
        r.report().counts().forEach((rule, n) -> metrics.redacted(provider, RedactionReport.metricName(rule), n));
        return r.report().isEmpty() ? item : new ExportItem(item.deliveryId(), r.task(), item.receivedAt());
    }

    private static Optional<ExportItem> rehydrate(ClaimedDelivery c, List<UnreadableTask> unreadable) {
        try {
            Optional<TaskEnvelope> task = TaskEnvelope.fromStored((JsonObject) JsonText.parse(c.envelopeJson()));
            if (task.isPresent()) {
                return Optional.of(new ExportItem(c.deliveryId(), task.get(), c.receivedAt()));
            }
            unreadable.add(unreadable(c, "stored task has an unknown shape"));
        } catch (JsonException | ClassCastException e) {
            unreadable.add(unreadable(c, "stored task is not JSON"));
        }
        return Optional.empty();
    }

    private static UnreadableTask unreadable(ClaimedDelivery c, String reason) {
        return new UnreadableTask(c.deliveryId(), c.taskId(), c.tenantId(), c.traceInfoType(), reason);
    }

    private static Map<String, ExportOutcome> reportUnreadable(TraceExporter exporter, Destination d,
                                                               List<UnreadableTask> tasks) {
        Map<String, ExportOutcome> outcomes;
        try {
            outcomes = new HashMap<>(exporter.unreadable(d, tasks));
        } catch (RuntimeException e) {
            outcomes = new HashMap<>();
        }
        for (UnreadableTask t : tasks) {
            outcomes.putIfAbsent(t.deliveryId(), ExportOutcome.dead("rehydration_failed", t.reason()));
        }
        return outcomes;
    }

    /** An exporter that throws or forgets an item must not lose it: that item is retried. */
    private static Map<String, ExportOutcome> exportGuarded(TraceExporter exporter, Destination d, List<ExportItem> items) {
        Map<String, ExportOutcome> outcomes;
        try {
            outcomes = new HashMap<>(exporter.export(d, items));
        } catch (RuntimeException e) {
            LOG.warning(() -> "exporter " + d.provider() + " failed for " + d + ": " + e.getClass().getName());
            outcomes = new HashMap<>();
        }
        for (ExportItem item : items) {
            outcomes.putIfAbsent(item.deliveryId(), ExportOutcome.retry("exporter_error", "no outcome from exporter", null));
        }
        return outcomes;
    }
}
