package io.mysql2gp.loader.poll;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * The miner's progress as stored in {@code mysql2gp.miner_state}: the last staged seq and source
 * transaction, the binlog position it has staged up to, the commit time of the last staged source
 * transaction ({@code sourceTs}, null before the first) and the staging clock at its last commit
 * or heartbeat ({@code updatedAt}).
 */
public record StagingStatus(long lastSeq, long lastTxn, BinlogPosition position, Instant sourceTs,
        Instant updatedAt) {

    /**
     * Reads the miner's state; empty when the miner has not staged anything yet (no state row, or
     * no staging schema at all).
     */
    public static Optional<StagingStatus> read(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + StagingSchema.MINER_STATE + "') IS NOT NULL")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT last_seq, last_txn, binlog_file, binlog_pos, gtid,"
                    + " source_ts, updated_at FROM " + StagingSchema.MINER_STATE + " WHERE id = 1")) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StagingStatus(rs.getLong(1), rs.getLong(2),
                        new BinlogPosition(rs.getString(3), rs.getLong(4), rs.getString(5)),
                        instant(rs.getObject(6, OffsetDateTime.class)), instant(rs.getObject(7, OffsetDateTime.class))));
            }
        } catch (SQLException e) {
            throw new SQLException("cannot read the miner state from " + StagingSchema.MINER_STATE + ": "
                    + e.getMessage(), e.getSQLState(), e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * Staged changes not yet applied by a loader that has applied up to {@code afterSeq}
     * ({@code lastSeq - afterSeq}; negative means the loader is ahead of the staging database,
     * which happens only if staging was recreated).
     */
    public long backlog(long afterSeq) {
        return lastSeq - afterSeq;
    }
}
