package org.tracerelay.outbox;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.tracerelay.domain.RowIds;
import org.tracerelay.domain.delivery.DeliveryStatus;
import org.tracerelay.domain.task.TraceTask;

/**
 * Writes a consumed message's tasks and their parcels' deliveries (the outbox) as two JDBC batches on the
 * consuming transaction's connection (the driver's own, {@link DriverJdbc}). Rows that are only inserted here and read elsewhere gain
 * nothing from the persistence context: at full load Hibernate's persist and flush of them took
 * a tenth of the server's CPU (JFR profile, README "Performance"). The columns are those of the
 * {@code TraceTask} and {@code Delivery} entities, which read these rows back. Intake's look-up of
 * the task ids already stored goes the same way ({@link #storedTasks}).
 */
@ApplicationScoped
public class OutboxRows {

    private static final String INSERT_TASK = "INSERT INTO trace_task (id, task_id, tenant_id, app_id,"
            + " trace_info_type, source, routing, payload, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_DELIVERY = "INSERT INTO delivery (id, task_id, task_row_id, tenant_id, app_id,"
            + " destination, provider, status, attempts, next_attempt_at, created_at, parcel_items)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)";

    /** A task row under its own key ({@code rowId}, from RowIds): the envelope already sealed. */
    public record TaskRow(String rowId, String taskId, String tenantId, String appId, String traceInfoType, TraceTask.Source source,
                          TraceTask.Routing routing, String sealedPayload) {
    }

    /**
     * The delivery row of a parcel of {@code items} tasks (rows "{@code parcelId}:0" and on) to
     * one destination, pending from {@code now}. Its task id column names the parcel.
     */
    public record DeliveryRow(String parcelId, String tenantId, String appId, String destination, String provider, int items) {
    }

    @Resource(lookup = "java:jboss/datasources/TraceRelayDS")
    DataSource dataSource;

    @Inject
    Event<DeliveriesStored> storedEvents;

    /**
     * Calls {@code found} with (tenant_id, task_id) of each stored task whose task_id is among
     * {@code taskIds}, in the caller's transaction: one statement with a {@code text[]} parameter,
     * where the same look-up as a JPQL {@code in} list bound a hundred parameters through
     * Hibernate (6 % of the samples at REST all-out).
     */
    public void storedTasks(Collection<String> taskIds, BiConsumer<String, String> found) {
        if (taskIds.isEmpty()) {
            return;
        }
        try (Connection pooled = dataSource.getConnection()) {
            Connection c = DriverJdbc.of(pooled);
            try (PreparedStatement ps = c.prepareStatement("SELECT tenant_id, task_id FROM trace_task WHERE task_id = any(?)")) {
                ps.setArray(1, DriverJdbc.texts(c, taskIds));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.accept(rs.getString(1), rs.getString(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read stored task ids: " + e.getMessage(), e);
        }
    }

    /** Inserts in the caller's transaction (the data source is enlisted in it). */
    public void insert(List<TaskRow> tasks, List<DeliveryRow> deliveries, Instant now) {
        if (tasks.isEmpty()) {
            return;
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        try (Connection pooled = dataSource.getConnection()) {
            Connection c = DriverJdbc.of(pooled);
            try (PreparedStatement ps = c.prepareStatement(INSERT_TASK)) {
                for (TaskRow t : tasks) {
                    ps.setString(1, t.rowId());
                    ps.setString(2, t.taskId());
                    ps.setString(3, t.tenantId());
                    ps.setString(4, t.appId());
                    ps.setString(5, t.traceInfoType());
                    ps.setString(6, t.source().name());
                    ps.setString(7, t.routing().name());
                    ps.setString(8, t.sealedPayload());
                    ps.setObject(9, at);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            if (deliveries.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
                for (DeliveryRow d : deliveries) {
                    ps.setString(1, RowIds.next(now.toEpochMilli()));
                    ps.setString(2, d.parcelId());
                    ps.setString(3, d.parcelId());
                    ps.setString(4, d.tenantId());
                    ps.setString(5, d.appId());
                    ps.setString(6, d.destination());
                    ps.setString(7, d.provider());
                    ps.setString(8, DeliveryStatus.PENDING.name());
                    ps.setObject(9, at);
                    ps.setObject(10, at);
                    ps.setInt(11, d.items());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            // Rolls the consume back with it: the broker redelivers the message.
            throw new IllegalStateException("could not store tasks: " + e.getMessage(), e);
        }
        // Observed after the commit only (a rolled-back message stored nothing to drain).
        storedEvents.fire(new DeliveriesStored(perDestination(deliveries)));
    }

    private static Map<String, Integer> perDestination(List<DeliveryRow> deliveries) {
        Map<String, Integer> counts = new HashMap<>();
        deliveries.forEach(d -> counts.merge(d.destination(), d.items(), Integer::sum));
        return counts;
    }
}
