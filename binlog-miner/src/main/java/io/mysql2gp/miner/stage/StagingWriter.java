package io.mysql2gp.miner.stage;

import io.mysql2gp.common.metrics.Metrics;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.schema.TableSchemaJson;
import io.mysql2gp.common.sql.BinaryCopyFormat;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.stream.StagedRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams staged rows into {@code mysql2gp.change_blocks} with a binary COPY and commits them
 * together with the miner state, only at source transaction boundaries. Consecutive rows of one
 * table (and schema version) in one source transaction go into one block of up to
 * {@link ChangeBlock#TARGET_BYTES} (one row of the staging table instead of one per change: the
 * server's cost per staged row, not per byte, bounds both daemons). One staging transaction holds one
 * or more whole source transactions; a huge source transaction is streamed inside one staging
 * transaction so memory stays bounded. Not thread-safe: owned by the stage thread.
 */
public final class StagingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StagingWriter.class);
    private static final String COPY_SQL = "COPY " + StagingSchema.CHANGE_BLOCKS
            + " (seq, n, txn, last_in_txn, schema_id, tbl, changes, binlog_file, binlog_pos, event_ts)"
            + " FROM STDIN (FORMAT binary)";
    private static final int WRITE_BUFFER = 256 * 1024;
    private static final byte[] HEADER = BinaryCopyFormat.header();
    private static final byte[] TRAILER = BinaryCopyFormat.trailer();

    private final Connection conn;
    private final Long serverId;
    private CopyIn copy;
    private final BlockTuples tuples = new BlockTuples(WRITE_BUFFER);
    /** The block being filled: rows of one table and schema version in the current source transaction. */
    private final ChangeBlock.Builder block = new ChangeBlock.Builder();
    private String blockTable;
    private int blockSchemaId;
    private String blockFile;
    private long blockPos;
    private long blockEventMillis;

    /** Committed state. */
    private MinerState committed;
    /** Seq/txn counters including uncommitted work. */
    private long seq;
    private long txn;
    private boolean inTxn;
    /** Position and time of the last complete source transaction not yet committed to staging. */
    private BinlogPosition completePosition;
    private long completeTimeMillis;
    private long rowsInStagingTxn;
    private long rowsCompleteInStagingTxn;
    private long highestPartition = -1;
    private long stagedTotal;
    /** Rows per table in the open staging transaction, counted into the metrics on commit. */
    private final java.util.Map<String, long[]> rowsByTable = new java.util.HashMap<>();
    /** A COPY on {@link #conn} failed: the connection cannot be used (nor rolled back) any more. */
    private boolean copyFailed;

    public StagingWriter(Connection conn, MinerState state) throws SQLException {
        this.conn = conn;
        this.serverId = state.serverId();
        this.committed = state;
        this.seq = state.lastSeq();
        this.txn = state.lastTxn();
        conn.setAutoCommit(false);
        ensurePartitions(seq + 1);
        conn.commit();
    }

    public MinerState committed() {
        return committed;
    }

    /** Rows of complete source transactions waiting for {@link #commit()}. */
    public long pendingRows() {
        return rowsCompleteInStagingTxn;
    }

    /** Whether a complete source transaction (or a position advance) is waiting for {@link #commit()}. */
    public boolean hasPendingCommit() {
        return completePosition != null;
    }

    /** Whether a source transaction is open (rows streamed, its end not seen yet). */
    public boolean inSourceTransaction() {
        return inTxn;
    }

    public long stagedTotal() {
        return stagedTotal;
    }

    /** Records a table schema version; rows referring to it may follow in this transaction. */
    public void schema(int schemaId, TableSchema schema, BinlogPosition at) throws SQLException {
        endCopy();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + StagingSchema.TABLE_SCHEMA
                + " (schema_id, db, tbl, columns, primary_key, binlog_file, binlog_pos)"
                + " VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?) ON CONFLICT (schema_id) DO NOTHING")) {
            ps.setInt(1, schemaId);
            ps.setString(2, schema.id().db());
            ps.setString(3, schema.id().table());
            ps.setString(4, TableSchemaJson.columnsJson(schema));
            ps.setString(5, TableSchemaJson.primaryKeyJson(schema));
            ps.setString(6, at == null ? null : at.file());
            if (at == null) {
                ps.setNull(7, java.sql.Types.BIGINT);
            } else {
                ps.setLong(7, at.position());
            }
            ps.executeUpdate();
        }
    }

    /**
     * Adds a row of the current source transaction. A full block, or one of another table, is written
     * when the next row comes (so that the block ending the source transaction can say so).
     *
     * @throws IllegalArgumentException if the row's images do not fit its operation
     */
    public void row(StagedRow row) throws SQLException {
        if (!inTxn) {
            inTxn = true;
            txn++;
        }
        if (block.changes() > 0 && (block.full() || row.schemaId() != blockSchemaId
                || !row.table().equals(blockTable))) {
            writeBlock(false);
        }
        if (block.changes() == 0) {
            blockTable = row.table();
            blockSchemaId = row.schemaId();
            blockFile = row.binlogFile();
            blockPos = row.binlogPos();
            blockEventMillis = 0;
        }
        block.add(row.op(), row.keyOld(), row.keyNew(), row.rowNew());
        seq++;
        if (row.eventTimeMillis() > 0) {
            blockEventMillis = row.eventTimeMillis();
        }
        rowsInStagingTxn++;
        rowsByTable.computeIfAbsent(row.table(), t -> new long[1])[0]++;
    }

    /** Marks the end of a source transaction at {@code after}. */
    public void endSourceTransaction(BinlogPosition after, long eventTimeMillis) throws SQLException {
        if (block.changes() > 0) {
            writeBlock(true);
        }
        inTxn = false;
        completePosition = after;
        if (eventTimeMillis > 0) {
            completeTimeMillis = eventTimeMillis;
        }
        rowsCompleteInStagingTxn = rowsInStagingTxn;
    }

    /**
     * Commits the complete source transactions written so far together with the miner state (or,
     * with nothing pending, just refreshes {@code updated_at} as a heartbeat). Must not be called
     * inside a source transaction.
     */
    public void commit() throws SQLException {
        if (inTxn) {
            throw new IllegalStateException("commit inside a source transaction");
        }
        flushBuffer();
        endCopy();
        BinlogPosition pos = completePosition != null ? completePosition : committed.position();
        long ts = completeTimeMillis > 0 ? completeTimeMillis : committed.sourceTimeMillis();
        MinerState next = new MinerState(serverId, pos, seq, txn, ts);
        writeState(next);
        conn.commit();
        stagedTotal += rowsInStagingTxn;
        rowsByTable.forEach((t, n) -> Metrics.ROWS_STAGED.labelValues(t).inc(n[0]));
        rowsByTable.clear();
        committed = next;
        completePosition = null;
        rowsInStagingTxn = 0;
        rowsCompleteInStagingTxn = 0;
        ensurePartitions(seq + 1);
        conn.commit();
    }

    /** Writes the block being filled (its last change has seq {@link #seq}) into the COPY, and empties it. */
    private void writeBlock(boolean lastInTxn) throws SQLException {
        if (StagingSchema.partitionOf(seq) > highestPartition) {
            // only reached when one staging transaction outruns the partitions made ahead
            endCopy();
            ensurePartitions(seq);
        }
        tuples.block(seq, block, txn, lastInTxn, blockSchemaId, blockTable, blockFile, blockPos, blockEventMillis);
        block.reset();
        if (tuples.size() >= WRITE_BUFFER) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws SQLException {
        if (tuples.size() == 0) {
            return;
        }
        try {
            if (copy == null) {
                copy = ((PGConnection) conn.unwrap(PGConnection.class)).getCopyAPI().copyIn(COPY_SQL);
                copy.writeToCopy(HEADER, 0, HEADER.length);
            }
            copy.writeToCopy(tuples.buffer(), 0, tuples.size());
        } catch (SQLException e) {
            copyFailed = true;
            throw e;
        }
        tuples.clear();
    }

    private void endCopy() throws SQLException {
        flushBuffer();
        if (copy != null) {
            CopyIn c = copy;
            copy = null;
            try {
                c.writeToCopy(TRAILER, 0, TRAILER.length);
                c.endCopy();
            } catch (SQLException e) {
                copyFailed = true;
                throw e;
            }
        }
    }

    private void writeState(MinerState s) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO " + StagingSchema.MINER_STATE
                + " (id, server_id, binlog_file, binlog_pos, gtid, last_seq, last_txn, source_ts, updated_at)"
                + " VALUES (1, ?, ?, ?, ?, ?, ?, ?, now())"
                + " ON CONFLICT (id) DO UPDATE SET server_id = EXCLUDED.server_id, binlog_file = EXCLUDED.binlog_file,"
                + " binlog_pos = EXCLUDED.binlog_pos, gtid = EXCLUDED.gtid, last_seq = EXCLUDED.last_seq,"
                + " last_txn = EXCLUDED.last_txn, source_ts = EXCLUDED.source_ts, updated_at = now()")) {
            if (s.serverId() == null) {
                ps.setNull(1, java.sql.Types.BIGINT);
            } else {
                ps.setLong(1, s.serverId());
            }
            ps.setString(2, s.position().file());
            ps.setLong(3, s.position().position());
            ps.setString(4, s.position().gtid());
            ps.setLong(5, s.lastSeq());
            ps.setLong(6, s.lastTxn());
            ps.setTimestamp(7, s.sourceTimeMillis() > 0 ? new Timestamp(s.sourceTimeMillis()) : null);
            ps.executeUpdate();
        }
    }

    /** Makes sure partitions exist from the one holding {@code fromSeq} to two beyond it. */
    private void ensurePartitions(long fromSeq) throws SQLException {
        long want = StagingSchema.partitionOf(fromSeq) + 2;
        if (want <= highestPartition) {
            return;
        }
        try (var st = conn.createStatement()) {
            for (long p = Math.max(highestPartition + 1, StagingSchema.partitionOf(fromSeq)); p <= want; p++) {
                st.execute(StagingSchema.createPartitionSql(p));
            }
        }
        if (highestPartition >= 0) {
            log.debug("staging: partitions up to {} exist", StagingSchema.partitionName(want));
        }
        highestPartition = want;
    }

    /** Abandons uncommitted work (the source transaction in progress is re-read after a restart). */
    public void rollback() {
        if (copyFailed) {
            abandonConnection();
        } else {
            rollbackConnection();
        }
        tuples.clear();
        block.reset();
        rowsByTable.clear();
        copy = null;
        inTxn = false;
        completePosition = null;
        seq = committed.lastSeq();
        txn = committed.lastTxn();
        rowsInStagingTxn = 0;
        rowsCompleteInStagingTxn = 0;
    }

    /**
     * After a failed COPY the driver keeps the connection locked for it, and rollback() would wait
     * forever: close the socket instead (the server rolls the transaction back); the session ends anyway.
     */
    private void abandonConnection() {
        try {
            conn.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.debug("staging: abort failed: {}", e.getMessage());
        }
    }

    private void rollbackConnection() {
        try {
            if (copy != null) {
                CopyIn c = copy;
                copy = null;
                c.cancelCopy();
            }
        } catch (SQLException e) {
            log.debug("staging: cancel COPY failed: {}", e.getMessage());
            copyFailed = true;
            abandonConnection();
            return;
        }
        try {
            conn.rollback();
        } catch (SQLException e) {
            log.debug("staging: rollback failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        rollback();
        try {
            conn.close();
        } catch (SQLException e) {
            log.debug("staging: close failed: {}", e.getMessage());
        }
    }
}
