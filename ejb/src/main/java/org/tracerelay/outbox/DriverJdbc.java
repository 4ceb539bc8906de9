package org.tracerelay.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import org.postgresql.PGConnection;

/**
 * The PostgreSQL driver's own connection under the pool's handle, for the outbox's hot statements.
 * The pool wraps every statement and result-set call in a lock and a trace-log check; claiming a
 * batch makes some two thousand such calls (100 rows by their columns), and at full load they
 * were a seventh of the server's samples, more than the reads themselves (JFR, README
 * "Performance"). The driver's connection is the same physical one, in the same transaction; its
 * statements are closed here, as the pool would have.
 */
final class DriverJdbc {

    private DriverJdbc() {
    }

    /** The driver's connection of {@code pooled}, valid while {@code pooled} is open. */
    static Connection of(Connection pooled) throws SQLException {
        return (Connection) pooled.unwrap(PGConnection.class);
    }

    /** A {@code text[]} parameter, for {@code = any(?)} in place of a list of placeholders. */
    static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray());
    }
}
