package io.mysql2gp.common.staging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Makes sure only one copy of a daemon works on a staging database: a session-level PostgreSQL
 * advisory lock held on the daemon's staging connection for as long as that connection lives.
 */
public final class StagingLease {
    /** Lock key of binlog_miner ("m2gminer"); advisory locks are per database. */
    public static final long MINER = 0x6d32676d696e6572L;
    /** Lock key of binlog_loader ("m2gloadr"). */
    public static final long LOADER = 0x6d32676c6f616472L;

    private StagingLease() {}

    /**
     * Takes the lease {@code key} on {@code c} or throws {@link LeaseHeldException} naming who holds it
     * (application_name, client address, backend pid).
     */
    public static void acquire(Connection c, long key, String program) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return;
            }
        }
        throw new LeaseHeldException("another " + program + " is already working on staging database \""
                + c.getCatalog() + "\" (" + holder(c, key) + "); only one " + program + " may run per staging database");
    }

    private static String holder(Connection c, long key) throws SQLException {
        return holderOf(c, key).map(who -> "held by " + who).orElse("holder not visible");
    }

    /**
     * Who holds the lease {@code key} in the current database: application_name, client address and
     * backend pid; empty when nobody does.
     */
    public static Optional<String> holderOf(Connection c, long key) throws SQLException {
        return holderOf(c, key, true);
    }

    /** As {@link #holderOf(Connection, long)}; with {@code orSelf} false, empty when {@code c}'s own session holds it. */
    public static Optional<String> holderOf(Connection c, long key, boolean orSelf) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.application_name, host(a.client_addr), l.pid"
                + " FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database()) AND ((l.classid::bigint << 32) | l.objid::bigint) = ?"
                + (orSelf ? "" : " AND l.pid <> pg_backend_pid()"))) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String app = rs.getString(1);
                String addr = rs.getString(2);
                // without pg_read_all_stats another user's session shows no name and address
                String who = app == null ? "a session of another user" : "\"" + app + "\" from "
                        + (addr == null ? "local socket" : addr);
                return Optional.of(who + ", backend pid " + rs.getInt(3));
            }
        }
    }

    /** Thrown when another process holds the lease. */
    public static final class LeaseHeldException extends SQLException {
        public LeaseHeldException(String message) {
            super(message, "55P03");
        }
    }
}
