package io.mysql2gp.loader.poll;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.jdbc.PreferQueryMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test reference for {@link StagingReader} (and the loader's reader before it): a plain JDBC result
 * set over the same rows. Reads committed staged changes of a {@link StagingRange} in seq order, in chunks, through a
 * server-side cursor (a portal fetched {@code fetchSize} rows at a time), so memory stays bounded
 * whatever the size of the backlog or of one source transaction.
 *
 * <p>The cursor sees what was committed when it was opened; after the last of those rows
 * {@link #nextChunk} returns an empty list, and the caller reopens a cursor later to see more.
 * Since the miner commits only whole source transactions, an unbounded range without a table
 * filter ends at a source transaction boundary. With a table filter, {@code lastInTxn} still
 * describes the whole source transaction, whose last change may belong to another table.
 *
 * <p>While open, the cursor owns the connection's transaction: if the connection was in autocommit
 * mode, opening starts a transaction and {@link #close()} ends it (rolling back: nothing is
 * written) and restores autocommit; otherwise the caller's transaction is used and left open.
 * The open transaction holds a lock on {@code mysql2gp.changes} that makes
 * {@link StagingPurger#purge} wait, so close the cursor before purging.
 *
 * <p>Memory per fetch is {@code fetchSize} rows; with very wide rows, also set the driver's
 * {@code maxResultBuffer} (and {@code adaptiveFetch}) connection properties. The driver ignores the
 * fetch size with {@code preferQueryMode=simple} (it then reads the whole result): opening warns
 * about that. Not thread-safe.
 */
public final class StagingCursor implements AutoCloseable {
    /** Rows per round trip: large enough to keep up with >150k rows/s, small enough for wide rows. */
    public static final int DEFAULT_FETCH_SIZE = 4096;

    private static final Logger log = LoggerFactory.getLogger(StagingCursor.class);
    private static volatile boolean warnedSimple;

    private final Connection conn;
    private final StagingRange range;
    private final boolean ownsTransaction;
    private final PreparedStatement ps;
    private final ResultSet rs;
    /** Source table names by schema id: every staged row of one schema id has the same table. */
    private final Map<Integer, String> tables = new HashMap<>();
    private int lastSchemaId = -1;
    private String lastTable;
    private StagedChange pending;
    private boolean exhausted;
    /** Seq of the last row read from the server (gap check). */
    private long lastSeq;
    /** Seq of the last change handed to the caller. */
    private long returnedSeq;
    private long rowsRead;

    private StagingCursor(Connection conn, StagingRange range, boolean ownsTransaction, PreparedStatement ps,
            ResultSet rs) {
        this.conn = conn;
        this.range = range;
        this.ownsTransaction = ownsTransaction;
        this.ps = ps;
        this.rs = rs;
        this.lastSeq = range.afterSeq();
        this.returnedSeq = range.afterSeq();
    }

    /** Opens a cursor over {@code range} with {@link #DEFAULT_FETCH_SIZE}. */
    public static StagingCursor open(Connection conn, StagingRange range) throws SQLException {
        return open(conn, range, DEFAULT_FETCH_SIZE);
    }

    /** Opens a cursor over {@code range} fetching {@code fetchSize} rows per round trip. */
    public static StagingCursor open(Connection conn, StagingRange range, int fetchSize) throws SQLException {
        if (fetchSize < 1) {
            throw new IllegalArgumentException("fetchSize must be >= 1, not " + fetchSize);
        }
        warnIfSimpleQueryMode(conn);
        boolean owns = conn.getAutoCommit();
        if (owns) {
            // the driver uses a portal (a server-side cursor) only outside autocommit
            conn.setAutoCommit(false);
        }
        PreparedStatement ps = null;
        try {
            ps = conn.prepareStatement(sql(range), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            ps.setFetchSize(fetchSize);
            int i = 1;
            ps.setLong(i++, range.afterSeq());
            if (range.bounded()) {
                ps.setLong(i++, range.untilSeq());
            }
            if (range.table() != null) {
                ps.setString(i, range.table());
            }
            ResultSet rs = ps.executeQuery();
            log.debug("staging cursor: opened on {} fetching {} rows at a time", range, fetchSize);
            return new StagingCursor(conn, range, owns, ps, rs);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(ps);
            if (owns) {
                endTransaction(conn);
            }
            if (e instanceof SQLException sql) {
                throw new SQLException("cannot read staged changes " + range + " from " + StagingSchema.CHANGES
                        + ": " + sql.getMessage(), sql.getSQLState(), sql);
            }
            throw e;
        }
    }

    private static void warnIfSimpleQueryMode(Connection conn) throws SQLException {
        if (!warnedSimple && conn.isWrapperFor(PGConnection.class)
                && conn.unwrap(PGConnection.class).getPreferQueryMode() == PreferQueryMode.SIMPLE) {
            warnedSimple = true;
            log.warn("staging cursor: the staging connection uses preferQueryMode=simple, so the driver reads"
                    + " whole results instead of a batch of rows at a time: memory is not bounded");
        }
    }

    /** The query; op as its code point and event time as epoch milliseconds avoid per-row objects. */
    public static String sql(StagingRange range) {
        return "SELECT seq, txn, last_in_txn, schema_id, "
                + (range.table() == null ? "tbl" : "NULL::text")
                + ", op::int4, key_old, key_new, row_new,"
                + " coalesce((date_part('epoch', event_ts) * 1000)::int8, 0)"
                + " FROM " + StagingSchema.CHANGES + " WHERE seq > ?"
                + (range.bounded() ? " AND seq <= ?" : "")
                + (range.table() == null ? "" : " AND tbl = ?")
                + " ORDER BY seq";
    }

    /**
     * The next changes in seq order: at most {@code maxRows}, and no more than {@code maxBytes} by
     * {@link StagedChange#bytes()} unless a single change alone is larger (it then comes alone).
     * Empty once every change of the range committed when the cursor opened has been returned.
     *
     * @throws StagingGapException if seqs are missing (checked when no table filter is set)
     */
    public List<StagedChange> nextChunk(int maxRows, long maxBytes) throws SQLException {
        return nextChunk(maxRows, maxBytes, false);
    }

    /**
     * Like {@link #nextChunk(int, long)}; with {@code untilTxnEnd}, the chunk also ends right after the
     * first change that is the last of its source transaction (to end a batch at a transaction boundary).
     */
    public List<StagedChange> nextChunk(int maxRows, long maxBytes, boolean untilTxnEnd) throws SQLException {
        if (maxRows < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("maxRows and maxBytes must be >= 1, not " + maxRows + ", " + maxBytes);
        }
        List<StagedChange> out = new ArrayList<>(Math.min(maxRows, 1024));
        long bytes = 0;
        while (out.size() < maxRows) {
            StagedChange c = pending != null ? pending : next();
            pending = null;
            if (c == null) {
                break;
            }
            long b = c.bytes();
            if (!out.isEmpty() && bytes + b > maxBytes) {
                pending = c;
                break;
            }
            out.add(c);
            bytes += b;
            returnedSeq = c.seq();
            if (untilTxnEnd && c.lastInTxn()) {
                break;
            }
        }
        return out;
    }

    private StagedChange next() throws SQLException {
        if (exhausted) {
            return null;
        }
        try {
            if (!rs.next()) {
                exhausted = true;
                log.debug("staging cursor: {} rows read from {}, last seq {}", rowsRead, range, lastSeq);
                return null;
            }
            long seq = rs.getLong(1);
            if (range.table() == null && seq != lastSeq + 1) {
                throw new StagingGapException(lastSeq + 1, seq);
            }
            int schemaId = rs.getInt(4);
            StagedChange c = new StagedChange(seq, rs.getLong(2), rs.getBoolean(3), schemaId, table(schemaId),
                    op(seq, rs.getInt(6)), rs.getString(7), rs.getString(8), rs.getString(9), rs.getLong(10));
            lastSeq = seq;
            rowsRead++;
            return c;
        } catch (SQLException e) {
            throw new SQLException("cannot read staged changes " + range + " after seq " + lastSeq + " from "
                    + StagingSchema.CHANGES + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    private String table(int schemaId) throws SQLException {
        if (range.table() != null) {
            return range.table();
        }
        if (schemaId == lastSchemaId && lastTable != null) {
            return lastTable; // the common case: runs of one table's changes
        }
        String t = tables.get(schemaId);
        if (t == null) {
            t = rs.getString(5);
            tables.put(schemaId, t);
        }
        lastSchemaId = schemaId;
        lastTable = t;
        return t;
    }

    private static Op op(long seq, int code) {
        return switch (code) {
            case 'I' -> Op.INSERT;
            case 'U' -> Op.UPDATE;
            case 'D' -> Op.DELETE;
            case 'T' -> Op.TRUNCATE;
            case 'X' -> Op.DROP_OR_RENAME;
            default -> throw new IllegalStateException("staged change seq " + seq + " in " + StagingSchema.CHANGES
                    + " has an unknown op code " + code + " ('" + (char) (code & 0xff) + "')");
        };
    }

    /** The seq of the last change returned by {@link #nextChunk} (the range's afterSeq before the first). */
    public long lastReturnedSeq() {
        return returnedSeq;
    }

    /** Changes read from the server so far. */
    public long rowsRead() {
        return rowsRead;
    }

    public StagingRange range() {
        return range;
    }

    /** Whether every change the cursor can see has been returned. */
    public boolean exhausted() {
        return exhausted && pending == null;
    }

    @Override
    public void close() {
        closeQuietly(ps);
        if (ownsTransaction) {
            endTransaction(conn);
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        if (ps == null) {
            return;
        }
        try {
            ps.close();
        } catch (SQLException e) {
            log.debug("staging cursor: closing the statement failed: {}", e.getMessage());
        }
    }

    private static void endTransaction(Connection conn) {
        try {
            conn.rollback();
            conn.setAutoCommit(true);
        } catch (SQLException e) {
            log.debug("staging cursor: ending the read transaction failed: {}", e.getMessage());
        }
    }
}
