package dev.jury.api;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fingerprint of the tables a request can change, to assert that a refused request changed
 * nothing. Leaves out {@code imports}, which records failed uploads on purpose.
 */
final class DbState {

    static final List<String> TABLES =
            List.of(
                    "accounts",
                    "account_groups",
                    "api_tokens",
                    "projects",
                    "items",
                    "item_assignments",
                    "leases",
                    "labels",
                    "outbox",
                    "siwe_nonces");

    private DbState() {}

    /** Row count and an md5 of every row, per table. */
    static Map<String, String> of(ApiHarness harness) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = harness.database.connect();
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs =
                        s.executeQuery(
                                "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                                        + " FROM "
                                        + table
                                        + " t")) {
                    rs.next();
                    out.put(table, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Runs one statement, for tests that move time (expire a lease) or read a value. */
    static long update(ApiHarness harness, String sql) {
        try (Connection c = harness.database.connect();
                Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query, as text. */
    static String query(ApiHarness harness, String sql) {
        try (Connection c = harness.database.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
