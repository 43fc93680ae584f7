package io.mysql2gp.loader.run;

import io.mysql2gp.loader.apply.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tables the loader has paused, kept in the target ({@code mysql2gp.loader_paused}) and written in
 * the same transaction as the checkpoint: a paused table's changes from {@code fromSeq} on are
 * not applied yet and stay in staging until it catches up.
 */
public final class PausedTables {
    public static final String TABLE = "mysql2gp.loader_paused";

    /** One paused table. */
    public record Paused(long fromSeq, String reason, Instant since) {}

    private PausedTables() {}

    public static void ensureTable(Connection c, Dialect dialect) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS mysql2gp");
            st.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (staging_id text NOT NULL, tbl text NOT NULL,"
                    + " from_seq bigint NOT NULL, reason text NOT NULL, since timestamptz NOT NULL,"
                    + " PRIMARY KEY (staging_id, tbl))" + (dialect.supportsDistributedBy() ? " DISTRIBUTED BY (staging_id)" : ""));
        }
    }

    public static Map<String, Paused> load(Connection c, String stagingId) throws SQLException {
        Map<String, Paused> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT tbl, from_seq, reason, since FROM " + TABLE
                + " WHERE staging_id = ? ORDER BY since")) {
            ps.setString(1, stagingId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Paused(rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
                }
            }
        }
        return out;
    }

    /** Records (or updates the reason of) a paused table; no ON CONFLICT, for Greenplum 6. */
    public static void save(Connection c, String stagingId, String table, Paused p) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE " + TABLE + " SET reason = ? WHERE staging_id = ? AND tbl = ?")) {
            up.setString(1, p.reason());
            up.setString(2, stagingId);
            up.setString(3, table);
            if (up.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + TABLE
                + " (staging_id, tbl, from_seq, reason, since) VALUES (?, ?, ?, ?, ?)")) {
            ins.setString(1, stagingId);
            ins.setString(2, table);
            ins.setLong(3, p.fromSeq());
            ins.setString(4, p.reason());
            ins.setTimestamp(5, java.sql.Timestamp.from(p.since()));
            ins.executeUpdate();
        }
    }

    public static void remove(Connection c, String stagingId, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + TABLE + " WHERE staging_id = ? AND tbl = ?")) {
            ps.setString(1, stagingId);
            ps.setString(2, table);
            ps.executeUpdate();
        }
    }
}
