package io.mysql2gp.loader.apply;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * The loader's position in the target database, {@code mysql2gp.loader_checkpoint}: one row per
 * staging database, written in the same transaction as the data it covers, so the target always
 * says exactly which staged changes it contains. The write is a compare-and-set on the sequence
 * read before, which refuses a second loader working on the same staging database and target.
 */
public final class Checkpoint {
    public static final String TABLE = "mysql2gp.loader_checkpoint";

    /**
     * One checkpoint row.
     *
     * @param appliedSeq  the last staged change ({@code changes.seq}) applied
     * @param appliedTxn  the source transaction ordinal ({@code changes.txn}) of that change
     * @param appliedAt   when that was committed (target clock)
     * @param rowsApplied target rows deleted and inserted so far, in total
     */
    public record State(long appliedSeq, long appliedTxn, Instant appliedAt, long rowsApplied) {}

    private Checkpoint() {}

    /** The DDL creating the schema and table if missing (PostgreSQL 9.4+/Greenplum compatible). */
    static String[] ddl(Dialect dialect) {
        return new String[] {
            "CREATE SCHEMA IF NOT EXISTS mysql2gp",
            "CREATE TABLE IF NOT EXISTS " + TABLE + " (staging_id text PRIMARY KEY, applied_seq bigint NOT NULL,"
                    + " applied_txn bigint NOT NULL, applied_at timestamptz NOT NULL, rows_applied bigint NOT NULL)"
                    + (dialect.supportsDistributedBy() ? " DISTRIBUTED BY (staging_id)" : "")
        };
    }

    /** Creates {@code mysql2gp.loader_checkpoint} if missing (in the caller's transaction). */
    public static void ensureTable(Connection conn, Dialect dialect) throws SQLException {
        for (String sql : ddl(dialect)) {
            TableApplier.execute(conn, sql);
        }
    }

    /** The checkpoint of {@code stagingId}, or empty when nothing was applied yet. */
    public static Optional<State> read(Connection conn, String stagingId) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT applied_seq, applied_txn, applied_at, rows_applied"
                + " FROM " + TABLE + " WHERE staging_id = ?")) {
            ps.setString(1, stagingId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new State(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getLong(4)));
            }
        }
    }

    /**
     * Moves the checkpoint of {@code stagingId} from {@code previous} (what {@link #read} returned, or
     * what the last write set) to {@code seq}/{@code txn}, adding {@code rows} to the row total; no ON
     * CONFLICT: UPDATE, else INSERT. Returns the new state.
     *
     * @throws CheckpointConflict when the stored checkpoint is not {@code previous} any more
     */
    public static State write(Connection conn, String stagingId, Optional<State> previous, long seq, long txn,
            long rows) throws SQLException {
        // no RETURNING: keep to statements every Greenplum version accepts on any table kind
        if (previous.isPresent()) {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE " + TABLE + " SET applied_seq = ?,"
                    + " applied_txn = ?, applied_at = now(), rows_applied = rows_applied + ?"
                    + " WHERE staging_id = ? AND applied_seq = ?")) {
                ps.setLong(1, seq);
                ps.setLong(2, txn);
                ps.setLong(3, rows);
                ps.setString(4, stagingId);
                ps.setLong(5, previous.get().appliedSeq());
                if (ps.executeUpdate() != 1) {
                    throw conflict(conn, stagingId, previous);
                }
            }
        } else {
            if (read(conn, stagingId).isPresent()) {
                throw conflict(conn, stagingId, previous);
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + TABLE + " (staging_id, applied_seq,"
                    + " applied_txn, applied_at, rows_applied) VALUES (?, ?, ?, now(), ?)")) {
                ps.setString(1, stagingId);
                ps.setLong(2, seq);
                ps.setLong(3, txn);
                ps.setLong(4, rows);
                ps.executeUpdate();
            }
        }
        return read(conn, stagingId).orElseThrow();
    }

    private static CheckpointConflict conflict(Connection conn, String stagingId, Optional<State> previous)
            throws SQLException {
        Optional<State> now = read(conn, stagingId);
        return new CheckpointConflict("checkpoint of staging " + stagingId + " in " + TABLE + " is at seq "
                + now.map(s -> Long.toString(s.appliedSeq())).orElse("(none)") + ", expected "
                + previous.map(s -> Long.toString(s.appliedSeq())).orElse("(none)")
                + ": is another binlog_loader applying the same staging database to this target?");
    }

    /** The stored checkpoint moved under us: another loader is at work (fatal for this one). */
    public static final class CheckpointConflict extends RuntimeException {
        public CheckpointConflict(String message) {
            super(message);
        }
    }
}
