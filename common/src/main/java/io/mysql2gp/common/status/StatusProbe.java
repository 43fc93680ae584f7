package io.mysql2gp.common.status;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.staging.StagingLease;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.Checkpoint;
import io.mysql2gp.common.status.StatusFacts.Lock;
import io.mysql2gp.common.status.StatusFacts.LogFile;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.SourceFacts;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import io.mysql2gp.common.status.StatusFacts.TargetFacts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the status facts with plain read-only queries: the staging database (miner state, daemon
 * locks, backlog), the target ({@code mysql2gp.loader_checkpoint}, {@code mysql2gp.loader_paused})
 * and the source (current binlog position and files). Never takes a lock or writes.
 */
public final class StatusProbe {
    /** Up to this many unapplied changes are counted per table and measured exactly. */
    static final long EXACT_BACKLOG_LIMIT = 200_000;
    private static final String CHECKPOINT = "mysql2gp.loader_checkpoint";
    private static final String PAUSED = "mysql2gp.loader_paused";

    private StatusProbe() {}

    /** The loader's checkpoint and paused tables for {@code stagingId}; none when its tables do not exist yet. */
    public static TargetFacts target(Connection c, String stagingId) throws SQLException {
        timeout(c);
        Instant now = now(c);
        if (!exists(c, CHECKPOINT)) {
            return new TargetFacts(null, List.of(), now);
        }
        Checkpoint cp = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT applied_seq, applied_txn, applied_at, rows_applied FROM "
                + CHECKPOINT + " WHERE staging_id = ?")) {
            ps.setString(1, stagingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    cp = new Checkpoint(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getLong(4));
                }
            }
        }
        List<Paused> paused = new ArrayList<>();
        if (exists(c, PAUSED)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT tbl, from_seq, reason, since FROM " + PAUSED
                    + " WHERE staging_id = ? ORDER BY since, tbl")) {
                ps.setString(1, stagingId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        paused.add(new Paused(rs.getString(1), rs.getLong(2), rs.getString(3), instant(rs, 4)));
                    }
                }
            }
        }
        return new TargetFacts(cp, paused, now);
    }

    /**
     * The miner's state, both daemons' locks, the backlog after {@code appliedSeq} (null: unknown,
     * no backlog is computed) and what each of the {@code paused} tables still waits for.
     */
    public static StagingFacts staging(Connection c, Long appliedSeq, List<Paused> paused) throws SQLException {
        timeout(c);
        Instant now = now(c);
        Lock miner = lock(c, StagingLease.MINER);
        Lock loader = lock(c, StagingLease.LOADER);
        MinerState state = null;
        if (exists(c, StagingSchema.MINER_STATE)) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT last_seq, last_txn,"
                    + " binlog_file, binlog_pos, gtid, source_ts, updated_at FROM " + StagingSchema.MINER_STATE
                    + " WHERE id = 1")) {
                if (rs.next()) {
                    state = new MinerState(rs.getLong(1), rs.getLong(2), new BinlogPosition(rs.getString(3),
                            rs.getLong(4), rs.getString(5)), instant(rs, 6), instant(rs, 7));
                }
            }
        }
        Backlog backlog = null;
        if (appliedSeq != null) {
            long lastSeq = state == null ? 0 : state.lastSeq();
            backlog = lastSeq <= appliedSeq || !exists(c, StagingSchema.CHANGE_BLOCKS)
                    ? new Backlog(Math.max(0, lastSeq - appliedSeq), 0, true, null, Map.of())
                    : backlog(c, appliedSeq, lastSeq - appliedSeq);
        }
        Map<String, Long> waiting = new LinkedHashMap<>();
        if (!paused.isEmpty() && exists(c, StagingSchema.CHANGE_BLOCKS)) {
            // changes of the table from its paused seq on, counted over at most so many blocks
            try (PreparedStatement ps = c.prepareStatement("SELECT least(coalesce(sum(least(n, seq - ? + 1)), 0), "
                    + (EXACT_BACKLOG_LIMIT + 1) + ") FROM (SELECT n, seq FROM " + StagingSchema.CHANGE_BLOCKS
                    + " WHERE seq >= ? AND tbl = ? ORDER BY seq LIMIT " + (EXACT_BACKLOG_LIMIT + 1) + ") w")) {
                for (Paused p : paused) {
                    ps.setLong(1, p.fromSeq());
                    ps.setLong(2, p.fromSeq());
                    ps.setString(3, p.table());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        waiting.put(p.table(), rs.getLong(1));
                    }
                }
            }
        }
        return new StagingFacts(miner, loader, state, backlog, waiting, now);
    }

    private static Backlog backlog(Connection c, long after, long rows) throws SQLException {
        Instant oldest = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT event_ts FROM " + StagingSchema.CHANGE_BLOCKS
                + " WHERE seq > ? ORDER BY seq LIMIT 1")) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    oldest = instant(rs, 1);
                }
            }
        }
        if (rows <= EXACT_BACKLOG_LIMIT) {
            Map<String, Long> perTable = new LinkedHashMap<>();
            long bytes = 0;
            // bytes: the staged changes' own (a block's changes column is not compressed: no detoasting)
            try (PreparedStatement ps = c.prepareStatement("SELECT tbl, sum(least(n, seq - ?)), sum(octet_length(changes))"
                    + " FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq > ? GROUP BY tbl ORDER BY tbl")) {
                ps.setLong(1, after);
                ps.setLong(2, after);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        perTable.put(rs.getString(1), rs.getLong(2));
                        bytes += rs.getLong(3);
                    }
                }
            }
            return new Backlog(rows, bytes, true, oldest, perTable);
        }
        // large backlog: average size of the changes of the next 1000 blocks times the count
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(octet_length(changes))::float8 / sum(n), 0)"
                + " FROM (SELECT n, changes FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq > ? ORDER BY seq LIMIT 1000) c")) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Backlog(rows, Math.round(rs.getDouble(1) * rows), false, oldest, null);
            }
        }
    }

    private static Lock lock(Connection c, long key) throws SQLException {
        return StagingLease.holderOf(c, key).map(who -> new Lock(true, who)).orElse(new Lock(false, null));
    }

    /** The source's current position (SHOW BINARY LOG STATUS, or SHOW MASTER STATUS before MySQL 8.2) and its binlogs. */
    public static SourceFacts source(Connection c) throws SQLException {
        BinlogPosition current;
        try {
            current = currentPosition(c, "SHOW BINARY LOG STATUS"); // MySQL 8.2+
        } catch (SQLException e) {
            current = currentPosition(c, "SHOW MASTER STATUS"); // MariaDB, MySQL before 8.4
        }
        if (current == null) {
            throw new SQLException("binary logging is off on the source (SHOW MASTER STATUS returned no row)");
        }
        if (current.gtid() == null) {
            current = current.withGtid(mariadbGtid(c));
        }
        List<LogFile> logs = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
            while (rs.next()) {
                logs.add(new LogFile(rs.getString(1), rs.getLong(2)));
            }
        }
        return new SourceFacts(current, logs);
    }

    private static BinlogPosition currentPosition(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            String gtid = rs.getMetaData().getColumnCount() >= 5 ? rs.getString(5) : null; // MySQL Executed_Gtid_Set
            return new BinlogPosition(rs.getString(1), rs.getLong(2),
                    gtid == null || gtid.isBlank() ? null : gtid.replace("\n", ""));
        }
    }

    private static String mariadbGtid(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos")) {
            String g = rs.next() ? rs.getString(1) : null;
            return g == null || g.isBlank() ? null : g;
        } catch (SQLException e) {
            return null; // MySQL has no such variable: its GTID set came with the status row
        }
    }

    private static void timeout(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET statement_timeout = '15s'");
        }
    }

    private static Instant now(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return instant(rs, 1);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
