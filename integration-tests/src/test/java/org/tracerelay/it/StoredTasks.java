package org.tracerelay.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay's task table, read on the suite's PostgreSQL: where a task without an app was stored,
 * which no admin route shows (deliveries are listed per app). Failsafe gives the test JVM the
 * same TRACE_RELAY_DB_* variables it gives the server.
 */
final class StoredTasks {

    /** The row's owner and kind; {@code appId} is null for a tenant-scoped task. */
    record StoredTask(String tenantId, String appId, String traceInfoType) {
    }

    private StoredTasks() {
    }

    static List<StoredTask> withTaskId(String taskId) {
        try (Connection db = DriverManager.getConnection(env("TRACE_RELAY_DB_URL"), env("TRACE_RELAY_DB_USER"),
                env("TRACE_RELAY_DB_PASSWORD"));
             PreparedStatement query = db.prepareStatement(
                     "select tenant_id, app_id, trace_info_type from trace_task where task_id = ?")) {
            query.setString(1, taskId);
            List<StoredTask> rows = new ArrayList<>();
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    rows.add(new StoredTask(r.getString(1), r.getString(2), r.getString(3)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("reading trace_task " + taskId, e);
        }
    }

    private static String env(String name) {
        String value = System.getenv(name);
        if (value == null) {
            throw new IllegalStateException(name + " is not set (failsafe sets it for the suite's PostgreSQL)");
        }
        return value;
    }
}
