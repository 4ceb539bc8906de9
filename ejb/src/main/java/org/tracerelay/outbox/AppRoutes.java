package org.tracerelay.outbox;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What intake needs to know of the apps a request or message names: their owner, the provider
 * their tracing is switched to, and whether that provider has a stored config. Each read is one
 * statement with a {@code text[]} parameter on the driver's connection ({@link DriverJdbc}), as the
 * stored-id look-up: through Hibernate routing took two JPQL queries with a list of parameters and
 * managed entities per message, 5.6 % of the samples at REST all-out, and the ownership check
 * 3.0 % more (README "Performance").
 */
@Stateless
public class AppRoutes {

    @Resource(lookup = "java:jboss/datasources/TraceRelayDS")
    DataSource dataSource;

    /** An app as routing sees it; {@code activeProvider} null while its tracing is off. */
    public record AppRoute(String appId, String tenantId, String activeProvider, boolean configured) {

        public boolean belongsTo(String tenant) {
            return tenantId.equals(tenant);
        }
    }

    /** The apps of {@code appIds} that exist, by id, whoever owns them: routing sees an app that moved. */
    public Map<String, AppRoute> of(Collection<String> appIds) {
        Map<String, AppRoute> found = new HashMap<>();
        read("""
                select a.app_id, a.tenant_id, case when a.tracing_enabled then a.tracing_provider end,
                       exists (select 1 from trace_config t where t.app_id = a.app_id and t.provider = a.tracing_provider)
                from app a where a.app_id = any(?)""", appIds, null,
                rs -> found.put(rs.getString(1), new AppRoute(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4))));
        return found;
    }

    /** Those of {@code appIds} that exist and are the tenant's (scoped in the query): tasks naming anyone else's are refused. */
    public Set<String> owned(String tenant, Collection<String> appIds) {
        Set<String> owned = new HashSet<>();
        if (tenant == null) {
            return owned;
        }
        read("select a.app_id from app a where a.app_id = any(?) and a.tenant_id = ?", appIds, tenant,
                rs -> owned.add(rs.getString(1)));
        return owned;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void read(String sql, Collection<String> appIds, String tenant, Row row) {
        if (appIds.isEmpty()) {
            return;
        }
        try (Connection pooled = dataSource.getConnection()) {
            Connection c = DriverJdbc.of(pooled);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, DriverJdbc.texts(c, appIds));
                if (tenant != null) {
                    ps.setString(2, tenant);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read apps: " + e.getMessage(), e);
        }
    }
}
