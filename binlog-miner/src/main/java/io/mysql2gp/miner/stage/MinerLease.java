package io.mysql2gp.miner.stage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes sure only one miner works on a staging database: a session-level PostgreSQL advisory lock
 * held on the miner's staging connection for as long as that connection lives.
 */
public final class MinerLease {
    /** Advisory lock key: "m2gminer" as a number; advisory locks are per database. */
    static final long LOCK_KEY = 0x6d32676d696e6572L;

    private MinerLease() {}

    /**
     * Takes the lease on {@code c} or throws {@link LeaseHeldException} naming who holds it
     * (application_name, client address, backend pid of the holder).
     */
    public static void acquire(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + LOCK_KEY + ")")) {
            rs.next();
            if (rs.getBoolean(1)) {
                return;
            }
        }
        throw new LeaseHeldException("another binlog_miner is already working on staging database \""
                + c.getCatalog() + "\" (" + holder(c) + "); only one miner may run per staging database");
    }

    private static String holder(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.application_name, a.client_addr::text, a.pid"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database"
                + " WHERE datname = current_database()) AND ((l.classid::bigint << 32) | l.objid::bigint) = ?")) {
            ps.setLong(1, LOCK_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    String addr = rs.getString(2);
                    return "held by \"" + rs.getString(1) + "\" from " + (addr == null ? "local socket" : addr)
                            + ", backend pid " + rs.getInt(3);
                }
            }
        }
        return "holder not visible";
    }

    /** Thrown when another miner holds the lease. */
    public static final class LeaseHeldException extends SQLException {
        public LeaseHeldException(String message) {
            super(message, "55P03");
        }
    }
}
