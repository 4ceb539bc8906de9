package org.tracerelay.delivery;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * How the database takes row locks in a {@code SELECT ... FOR UPDATE} with a limit, asked once of
 * the JDBC driver. PostgreSQL locks only the rows it returns (and skips locked ones), so one query
 * claims a batch. H2 locks every row the scan matches before it applies the limit: measured, a
 * claim of 100 took 400-900 ms with 20,000 due rows, against 1 ms for the same read unlocked.
 */
@ApplicationScoped
public class LockingScans {

    @Resource(lookup = "java:jboss/datasources/TraceRelayDS")
    DataSource dataSource;

    private volatile Boolean lockWholeScan;

    /** Whether a locking read must be narrowed to known ids before it takes its locks. */
    public boolean lockWholeScan() {
        Boolean known = lockWholeScan;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("h2");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the database's product name", e);
            }
            lockWholeScan = known;
        }
        return known;
    }
}
