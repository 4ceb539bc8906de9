package org.tracerelay.outbox;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.tracerelay.crypto.Sealing;
import org.tracerelay.crypto.SecretBox;
import org.tracerelay.domain.delivery.Delivery;
import org.tracerelay.export.FirstClaims;

/**
 * The drain's side of the outbox: which destinations have work, and claiming a batch with row
 * locks (SKIP LOCKED, so nodes sharing the database never claim the same row). The rows stay
 * locked until {@link OutcomeRecorder} records the outcomes in the same transaction.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeliveryClaims {

    /** How often one claim offers the places of rows another node held to the rows behind them. */
    private static final int CLAIM_ROUNDS = 3;

    @PersistenceContext(unitName = "trace-relay")
    EntityManager em;

    /** The claim's reads and locks go by JDBC on the transaction's connection ({@link DriverJdbc}). */
    @Resource(lookup = "java:jboss/datasources/TraceRelayDS")
    DataSource dataSource;

    @Inject
    Sealing sealing;

    @Inject
    Event<FirstClaims> firstClaimEvents;

    @Inject
    DrainLag lag;

    /**
     * Destinations with pending deliveries, found by one index seek each (a skip scan) rather
     * than by reading every pending row: a backlog of a million costs no more than one of ten.
     * Whether their work is due yet is the claim's question.
     */
    public List<String> destinationsWithWork() {
        List<String> found = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> next = em.createNamedQuery(Delivery.NEXT_DESTINATION_WITH_WORK, String.class)
                    .setParameter("after", after).setMaxResults(1).getResultList();
            if (next.isEmpty()) {
                return found;
            }
            after = next.get(0);
            found.add(after);
        }
    }

    /**
     * Locks due deliveries of a destination, longest due first, up to {@code limit} tasks (a
     * parcel row counts its items; the first row is taken whatever its size); they stay locked
     * until the caller's transaction records the outcomes (which counts the attempt).
     * @return the claimed tasks, a parcel's in their order
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public List<ClaimedDelivery> claim(String destination, int limit, Instant now) {
        List<ClaimedRow> claimedRows = new ArrayList<>();
        boolean moreDue = false;
        Map<String, StoredTask> tasks;
        try (Connection pooled = dataSource.getConnection()) {
            Connection c = DriverJdbc.of(pooled);
            Set<String> seen = new HashSet<>();
            int room = limit;
            // Rows another node holds are skipped; their place in the window is offered again (a
            // few rounds at most), so nodes sharing a destination each fill their batch.
            for (int round = 0; round < CLAIM_ROUNDS && room > 0; round++) {
                Window due = dueWindow(c, destination, now, room, round == 0, seen);
                List<String> window = due.ids();
                moreDue |= due.more();
                if (window.isEmpty()) {
                    break;
                }
                List<ClaimedRow> locked = lock(c, destination, window);
                claimedRows.addAll(locked);
                seen.addAll(window);
                room -= locked.stream().mapToInt(ClaimedRow::items).sum();
                if (locked.size() == window.size()) {
                    break;
                }
            }
            if (claimedRows.isEmpty()) {
                return List.of();
            }
            tasks = tasks(c, claimedRows);
        } catch (SQLException e) {
            // Rolls the drain's transaction back: nothing was claimed.
            throw new IllegalStateException("could not claim deliveries of " + destination + ": " + e.getMessage(), e);
        }
        List<ClaimedDelivery> claimed = new ArrayList<>();
        List<ClaimedDelivery> firstClaims = new ArrayList<>();
        for (ClaimedRow row : claimedRows) {
            for (int i = 0; i < row.items(); i++) {
                ClaimedDelivery c = open(row, i, tasks.get(row.taskRowIdOf(i)));
                claimed.add(c);
                if (row.attempts() == 0) {
                    firstClaims.add(c);
                }
            }
        }
        if (!firstClaims.isEmpty()) {
            // Observed in the claiming transaction: whatever counts first claims commits with the attempt.
            firstClaimEvents.fire(new FirstClaims(destination, firstClaims.stream()
                    .map(c -> new FirstClaims.Task(c.taskId(), c.receivedAt(), c.envelopeJson())).toList(), now));
        }
        lag.claimed(destination, moreDue, claimed, firstClaims, now, System.nanoTime());
        return claimed;
    }

    /** Due row ids that fit; {@code more}: due rows were left behind for want of room. */
    private record Window(List<String> ids, boolean more) {
    }

    /**
     * The ids of the due rows that fit in {@code room} tasks, longest due first, not locking them;
     * {@code firstWhatever}: the first row is taken even when larger. The inner order is a prefix
     * of delivery_drain_idx, so due rows are read in index order without a sort.
     */
    private Window dueWindow(Connection c, String destination, Instant now, int room, boolean firstWhatever, Set<String> seen)
            throws SQLException {
        List<String> window = new ArrayList<>();
        boolean more = false;
        try (PreparedStatement ps = c.prepareStatement("""
                select id, sum(coalesce(parcel_items, 1)) over (order by next_attempt_at, id)
                from (select id, parcel_items, next_attempt_at from delivery
                      where status = 'PENDING' and destination = ? and next_attempt_at <= ? and id <> all(?)
                      order by status, destination, next_attempt_at
                      limit ?) due
                order by 2""")) {
            ps.setString(1, destination);
            ps.setObject(2, now.atOffset(ZoneOffset.UTC));
            ps.setArray(3, DriverJdbc.texts(c, seen));
            // One row more than fits, to know whether due rows are left behind.
            ps.setInt(4, room + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getLong(2) > room && !(firstWhatever && window.isEmpty())) {
                        more = true;
                        break;
                    }
                    window.add(rs.getString(1));
                }
            }
        }
        return new Window(window, more);
    }

    /**
     * Locks those of {@code ids} still due here, skipping rows another node holds. The conditions
     * are checked again on a row that changed since the window was read.
     */
    private List<ClaimedRow> lock(Connection c, String destination, List<String> ids) throws SQLException {
        List<ClaimedRow> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select d.id, d.task_id, d.task_row_id, d.parcel_items, d.attempts, d.created_at
                from delivery d
                where d.id = any(?) and d.status = 'PENDING' and d.destination = ?
                order by d.next_attempt_at, d.id
                for update of d skip locked""")) {
            ps.setArray(1, DriverJdbc.texts(c, ids));
            ps.setString(2, destination);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // wasNull speaks of the last column read: parcel_items is read and checked first.
                    Integer parcelItems = rs.getInt(4);
                    if (rs.wasNull()) {
                        parcelItems = null;
                    }
                    rows.add(new ClaimedRow(rs.getString(1), rs.getString(2), rs.getString(3), parcelItems,
                            rs.getInt(5), rs.getObject(6, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return rows;
    }

    /** A claimed delivery row: one task's, or a parcel's of {@code parcelItems} tasks. */
    private record ClaimedRow(String id, String taskId, String taskRowId, Integer parcelItems, int attempts, Instant createdAt) {

        int items() {
            return parcelItems == null ? 1 : parcelItems;
        }

        String taskRowIdOf(int index) {
            return parcelItems == null ? taskRowId : Delivery.taskRowIdOf(taskRowId, index);
        }

        String itemId(int index) {
            return parcelItems == null ? id : Delivery.itemId(id, index);
        }
    }

    /** The claimed rows' tasks by row id, in one read by primary key. */
    private Map<String, StoredTask> tasks(Connection c, List<ClaimedRow> rows) throws SQLException {
        List<String> ids = new ArrayList<>();
        rows.forEach(row -> {
            for (int i = 0; i < row.items(); i++) {
                ids.add(row.taskRowIdOf(i));
            }
        });
        Map<String, StoredTask> byId = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select t.id, t.task_id, t.tenant_id, t.trace_info_type, t.received_at, t.payload
                from trace_task t where t.id = any(?)""")) {
            ps.setArray(1, DriverJdbc.texts(c, ids));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.put(rs.getString(1), new StoredTask(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)));
                }
            }
        }
        return byId;
    }

    /** The columns of a task row that an export needs. */
    private record StoredTask(String rowId, String taskId, String tenantId, String traceInfoType, Instant receivedAt, String payload) {
    }

    private ClaimedDelivery open(ClaimedRow row, int index, StoredTask task) {
        String itemId = row.itemId(index);
        String parcelDeliveryId = row.parcelItems() == null ? null : row.id();
        String taskRowId = row.taskRowIdOf(index);
        if (task == null) {
            return new ClaimedDelivery(itemId, row.parcelItems() == null ? row.taskId() : null, null, null, row.createdAt(), null,
                    "task row missing", parcelDeliveryId, index, taskRowId);
        }
        try {
            String json = sealing.openPayload(task.tenantId(), task.taskId(), task.payload());
            return new ClaimedDelivery(itemId, task.taskId(), task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), json, null, parcelDeliveryId, index, taskRowId);
        } catch (SecretBox.SealException e) {
            return new ClaimedDelivery(itemId, task.taskId(), task.tenantId(), task.traceInfoType(),
                    task.receivedAt(), null, "payload " + e.getMessage(), parcelDeliveryId, index, taskRowId);
        }
    }
}
