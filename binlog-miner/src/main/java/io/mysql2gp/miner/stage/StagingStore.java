package io.mysql2gp.miner.stage;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.staging.StagedSchemas;
import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;

/** Reads what the miner stored in staging: its state and the table schema versions. */
public final class StagingStore {
    private StagingStore() {}

    /** The stored miner state, or empty on the first start. */
    public static Optional<MinerState> loadState(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT server_id, binlog_file, binlog_pos, gtid, last_seq, last_txn,"
                        + " source_ts FROM " + StagingSchema.MINER_STATE + " WHERE id = 1")) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long sid = rs.getLong(1);
            Long serverId = rs.wasNull() ? null : sid;
            BinlogPosition pos = new BinlogPosition(rs.getString(2), rs.getLong(3), rs.getString(4));
            Timestamp ts = rs.getTimestamp(7);
            return Optional.of(new MinerState(serverId, pos, rs.getLong(5), rs.getLong(6),
                    ts == null ? 0 : ts.getTime()));
        }
    }

    /**
     * The highest seq present in the change log (0 if empty); with a stored state it equals the
     * state's last_seq unless the loader has purged everything.
     */
    public static long maxStagedSeq(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT coalesce(max(seq), 0) FROM " + StagingSchema.CHANGE_BLOCKS)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** All stored table schema versions by id, in id order. */
    public static Map<Integer, TableSchema> loadSchemas(Connection c) throws SQLException {
        return StagedSchemas.load(c);
    }
}
