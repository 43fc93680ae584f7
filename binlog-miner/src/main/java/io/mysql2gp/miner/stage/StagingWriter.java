package io.mysql2gp.miner.stage;

import io.mysql2gp.common.metrics.Metrics;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.schema.TableSchemaJson;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.common.text.CopyText;
import io.mysql2gp.miner.stream.StagedRow;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams staged rows into {@code mysql2gp.changes} with COPY and commits them together with the
 * miner state, only at source transaction boundaries. One staging transaction holds one or more
 * whole source transactions; a huge source transaction is streamed inside one staging transaction
 * so memory stays bounded. Not thread-safe: owned by the stage thread.
 */
public final class StagingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StagingWriter.class);
    private static final String COPY_SQL = "COPY " + StagingSchema.CHANGES
            + " (seq, txn, last_in_txn, schema_id, tbl, op, key_old, key_new, row_new, binlog_file, binlog_pos, event_ts)"
            + " FROM STDIN";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'+00'")
            .withZone(ZoneOffset.UTC);
    private static final int WRITE_BUFFER = 256 * 1024;

    private final Connection conn;
    private final Long serverId;
    private CopyIn copy;
    private final StringBuilder line = new StringBuilder(1024);
    private final StringBuilder buffer = new StringBuilder(WRITE_BUFFER + 4096);
    private long lastEventSecond = Long.MIN_VALUE;
    private String lastEventText;

    /** Committed state. */
    private MinerState committed;
    /** Seq/txn counters including uncommitted work. */
    private long seq;
    private long txn;
    private boolean inTxn;
    private StagedRow held;
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

    /** Adds a row of the current source transaction. */
    public void row(StagedRow row) throws SQLException {
        if (!inTxn) {
            inTxn = true;
            txn++;
        }
        if (held != null) {
            write(held, false);
        }
        held = row;
    }

    /** Marks the end of a source transaction at {@code after}. */
    public void endSourceTransaction(BinlogPosition after, long eventTimeMillis) throws SQLException {
        if (held != null) {
            write(held, true);
            held = null;
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

    private void write(StagedRow r, boolean last) throws SQLException {
        long s = ++seq;
        if (StagingSchema.partitionOf(s) > highestPartition) {
            // only reached when one staging transaction outruns the partitions made ahead
            flushBuffer();
            endCopy();
            ensurePartitions(s);
        }
        StringBuilder l = line;
        l.setLength(0);
        l.append(s).append('\t').append(txn).append('\t').append(last ? 't' : 'f').append('\t')
                .append(r.schemaId()).append('\t');
        CopyText.appendField(l, r.table());
        l.append('\t').append(r.op().code).append('\t');
        CopyText.appendField(l, r.keyOld());
        l.append('\t');
        CopyText.appendField(l, r.keyNew());
        l.append('\t');
        CopyText.appendField(l, r.rowNew());
        l.append('\t');
        CopyText.appendField(l, r.binlogFile());
        l.append('\t').append(r.binlogPos()).append('\t');
        if (r.eventTimeMillis() > 0) {
            l.append(eventTime(r.eventTimeMillis()));
        } else {
            l.append(CopyText.NULL);
        }
        l.append('\n');
        buffer.append(l);
        rowsInStagingTxn++;
        rowsByTable.computeIfAbsent(r.table(), t -> new long[1])[0]++;
        if (buffer.length() >= WRITE_BUFFER) {
            flushBuffer();
        }
    }

    /** The event time as staged text (whole seconds), formatted once per second of event time, not per row. */
    private String eventTime(long millis) {
        long second = Math.floorDiv(millis, 1000);
        if (second != lastEventSecond) {
            lastEventSecond = second;
            lastEventText = TS.format(Instant.ofEpochSecond(second));
        }
        return lastEventText;
    }

    private void flushBuffer() throws SQLException {
        if (buffer.length() == 0) {
            return;
        }
        try {
            if (copy == null) {
                copy = ((PGConnection) conn.unwrap(PGConnection.class)).getCopyAPI().copyIn(COPY_SQL);
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            copyFailed = true;
            throw e;
        }
        buffer.setLength(0);
    }

    private void endCopy() throws SQLException {
        flushBuffer();
        if (copy != null) {
            CopyIn c = copy;
            copy = null;
            try {
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
        buffer.setLength(0);
        rowsByTable.clear();
        copy = null;
        held = null;
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
