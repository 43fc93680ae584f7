package io.mysql2gp.loader.poll;

import io.mysql2gp.common.sql.BinaryCopyFormat;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.staging.StagingSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the staged changes of a seq range in seq order with one binary {@code COPY (SELECT ...)
 * TO STDOUT} of the blocks of {@code mysql2gp.change_blocks} that hold them, parsed here, handing each
 * change to a {@link Sink}: faster than a JDBC result set over the view {@code mysql2gp.changes} (the
 * reference the tests compare against), since blocks stream without fetch round trips and are decoded
 * straight from the wire format (no text conversion of numbers or times, no per-column objects).
 *
 * <p>Memory stays bounded whatever the size of the range: the stream goes through one buffer that
 * grows only for a row larger than it, and each change is handed to the sink as soon as it is
 * decoded. The COPY sees what was committed when it started; it runs in the connection's
 * transaction if one is open (and leaves it open), otherwise in its own. While a read runs, the
 * connection is busy: the sink must not use it. Not thread-safe.
 */
public final class StagingReader {
    /** Receives changes in seq order; may block; may throw to abort the read. */
    @FunctionalInterface
    public interface Sink {
        void accept(StagedChange change) throws SQLException;
    }

    /** Receives blocks in seq order; may block; may throw to abort the read. */
    @FunctionalInterface
    public interface BlockSink {
        void accept(StagedBlock block) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger(StagingReader.class);

    /** Columns of {@link #copySql}, in order. */
    private static final int SEQ = 0;
    private static final int N = 1;
    private static final int TXN = 2;
    private static final int LAST_IN_TXN = 3;
    private static final int SCHEMA_ID = 4;
    private static final int TBL = 5;
    private static final int CHANGES = 6;
    private static final int EVENT_TS = 7;
    private static final int FIELDS = 8;

    /** SQLState query_canceled: the expected end of a COPY this reader cancelled. */
    private static final String QUERY_CANCELED = "57014";

    private final Connection conn;
    /** The last table name read, as bytes and as the String reused while it repeats. */
    private byte[] lastTableBytes = new byte[0];
    private String lastTable = "";

    /** A reader on a pgjdbc connection to the staging database (PostgreSQL 12 or later). */
    public StagingReader(Connection staging) {
        this.conn = Objects.requireNonNull(staging, "staging connection");
    }

    /**
     * Streams every staged change with {@code afterSeq < seq <= untilSeq} (only those of
     * {@code table} when it is not null), in seq order, to {@code sink}, with one binary COPY.
     * {@code untilSeq} {@link Long#MAX_VALUE} means no upper bound.
     *
     * <p>Without a table filter the seqs must run without a gap from {@code afterSeq + 1} to a
     * bounded {@code untilSeq}: applying past missing changes would lose them. With a table filter
     * gaps are normal and not checked; {@code lastInTxn} still describes the whole source
     * transaction, whose last change may belong to another table.
     *
     * <p>If the sink (or the gap check) throws, the COPY is ended before the exception propagates,
     * unchanged, so that the connection stays usable: in autocommit mode by cancelling the query on
     * the server, inside a transaction by reading the rest of the COPY and discarding it (a cancel
     * would abort the caller's transaction).
     *
     * @return the number of changes handed to the sink
     * @throws StagingGapException if seqs are missing (checked when {@code table} is null)
     * @throws SQLException on a database error or a malformed COPY stream, naming the range and
     *     the last seq read; the sink's own exceptions are rethrown unchanged
     */
    public long read(long afterSeq, long untilSeq, String table, Sink sink) throws SQLException {
        Objects.requireNonNull(sink, "sink");
        ChangeBlock.Reader r = new ChangeBlock.Reader();
        return readBlocks(afterSeq, untilSeq, table, block -> {
            block.open(r);
            for (long seq = block.fromSeq(); seq <= block.toSeq(); seq++) {
                StagedBlock.advance(r);
                String keyOld = r.keyOld();
                // an update that keeps its key (the common case) shares one String for both images
                String keyNew = r.sameKey() ? keyOld : r.keyNew();
                sink.accept(new StagedChange(seq, block.txn(), block.lastInTxn() && seq == block.seq(),
                        block.schemaId(), block.table(), r.op(), keyOld, keyNew, r.rowNew(), block.eventTimeMillis()));
            }
        });
    }

    /**
     * As {@link #read}, by blocks: every staged block holding a change with {@code afterSeq < seq <=
     * untilSeq}, each delivering only the changes of that range ({@link StagedBlock#fromSeq()}..{@link
     * StagedBlock#toSeq()}), its framing checked.
     *
     * @return the number of changes delivered
     */
    public long readBlocks(long afterSeq, long untilSeq, String table, BlockSink sink) throws SQLException {
        Objects.requireNonNull(sink, "sink");
        StagingRange range = new StagingRange(afterSeq, untilSeq, table);
        if (afterSeq == untilSeq) {
            return 0;
        }
        CopyOut copy;
        try {
            copy = conn.unwrap(PGConnection.class).getCopyAPI().copyOut(copySql(range));
        } catch (SQLException e) {
            throw wrap(range, afterSeq, e);
        }
        Decoder decoder = new Decoder(range, copy);
        try {
            decoder.run(sink);
        } catch (Throwable t) {
            end(copy, range, decoder.lastSeq, t);
            if (t instanceof SQLException e && decoder.readFailed) {
                throw wrap(range, decoder.lastSeq, e);
            }
            throw t;
        }
        log.debug("staging reader: {} changes read from {}, last seq {}", decoder.delivered, range, decoder.lastSeq);
        return decoder.delivered;
    }

    /**
     * The COPY's query: the blocks holding a change of the range (a block's {@code seq} is its last
     * change's, its first is {@code seq - n + 1}), only the columns the loader needs, event time as a
     * binary timestamptz (no arithmetic on the server). The upper bound on {@code seq} keeps the
     * index scan within the range plus one block. Seqs are bigint literals (a COPY takes no
     * parameters); the table name is a quoted literal.
     */
    static String copySql(StagingRange range) {
        return "COPY (SELECT seq, n, txn, last_in_txn, schema_id, tbl, changes, event_ts"
                + " FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq > " + range.afterSeq()
                + (range.bounded() ? " AND seq <= " + (range.untilSeq() + Math.min(ChangeBlock.MAX_CHANGES - 1,
                        Long.MAX_VALUE - range.untilSeq())) + " AND seq - n < " + range.untilSeq() : "")
                + (range.table() == null ? "" : " AND tbl = " + literal(range.table()))
                + " ORDER BY seq) TO STDOUT (FORMAT binary)";
    }

    /** A standard-conforming string literal (pgjdbc requires standard_conforming_strings on). */
    private static String literal(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("table name contains a NUL character: " + s.replace('\0', '?'));
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** Decodes the COPY stream of one read into blocks; remembers how far it got. */
    private final class Decoder {
        private final StagingRange range;
        private final CopyBinaryParser parser;
        private final ChangeBlock.Reader changes = new ChangeBlock.Reader();
        private long lastSeq;
        private long lastBlockSeq = Long.MIN_VALUE;
        private long delivered;
        /** Whether the last exception came from reading or decoding (to wrap) rather than the sink. */
        private boolean readFailed;

        Decoder(StagingRange range, CopyOut copy) {
            this.range = range;
            this.parser = new CopyBinaryParser(new CopyOutSource(copy), FIELDS);
            this.lastSeq = range.afterSeq();
        }

        void run(BlockSink sink) throws SQLException {
            boolean checkGaps = range.table() == null;
            while (true) {
                readFailed = true;
                if (!parser.next()) {
                    break;
                }
                CopyBinaryParser p = parser;
                long blockSeq = p.int8(SEQ);
                int n = p.int4(N);
                long first = blockSeq - n + 1;
                if (n < 1) {
                    throw malformedBlock(blockSeq, "its change count n is " + n);
                }
                if (first <= lastBlockSeq) {
                    throw malformedBlock(blockSeq, "its " + n + " changes (from seq " + first + ") overlap the block"
                            + " before, which ends at seq " + lastBlockSeq);
                }
                if (blockSeq <= range.afterSeq()) {
                    throw malformedBlock(blockSeq, "it lies before the range read, " + range);
                }
                lastBlockSeq = blockSeq;
                long from = Math.max(first, range.afterSeq() + 1);
                long to = Math.min(blockSeq, range.untilSeq());
                if (from > to) {
                    continue; // cannot happen with the query's bounds
                }
                long txn = p.int8(TXN);
                boolean blockEndsTxn = p.bool(LAST_IN_TXN);
                int schemaId = p.int4(SCHEMA_ID);
                String table = table();
                long eventMillis = eventMillis();
                if (p.isNull(CHANGES)) {
                    throw malformedBlock(blockSeq, "column changes is NULL");
                }
                int count = 0;
                changes.reset(p.buffer(), p.offset(CHANGES), p.length(CHANGES));
                try {
                    while (changes.next()) {
                        count++;
                    }
                } catch (ChangeBlock.MalformedBlockException e) {
                    throw malformedBlock(blockSeq, e.getMessage());
                }
                if (count != n) {
                    throw malformedBlock(blockSeq, "it holds " + count + " changes, not n = " + n);
                }
                readFailed = false;
                if (checkGaps && from != lastSeq + 1) {
                    throw new StagingGapException(lastSeq + 1, from);
                }
                int length = p.length(CHANGES);
                // the driver's message holding the block is ours to keep: no copy unless the parser assembled it
                byte[] bytes = p.tupleInMessage() ? p.buffer()
                        : Arrays.copyOfRange(p.buffer(), p.offset(CHANGES), p.offset(CHANGES) + length);
                int offset = p.tupleInMessage() ? p.offset(CHANGES) : 0;
                lastSeq = to;
                sink.accept(new StagedBlock(blockSeq, n, txn, blockEndsTxn, schemaId, table, bytes, offset, length,
                        eventMillis, from, to));
                delivered += to - from + 1;
            }
            readFailed = false;
            if (checkGaps && range.bounded() && lastSeq != range.untilSeq()) {
                throw StagingGapException.endsBefore(lastSeq + 1, range.untilSeq());
            }
        }

        private SQLException malformedBlock(long blockSeq, String message) {
            return new SQLException("staged block seq " + blockSeq + " (table " + lastTable + ") is malformed: "
                    + message, CopyBinaryParser.BAD_COPY_FORMAT);
        }

        /** The table name, as the previous row's String while the name repeats (runs of one table are long). */
        private String table() throws SQLException {
            if (parser.isNull(TBL)) {
                throw new SQLException("column tbl is NULL", CopyBinaryParser.BAD_COPY_FORMAT);
            }
            if (!parser.bytesEqual(TBL, lastTableBytes)) {
                lastTableBytes = parser.bytes(TBL);
                lastTable = parser.text(TBL);
            }
            return lastTable;
        }

        /**
         * Event time in epoch milliseconds, 0 when NULL. Microseconds are floored to milliseconds (the
         * miner stores whole milliseconds, so this equals SQL's date_part rounding on staged data).
         * The timestamps infinity and -infinity (int64 max and min) have no epoch value: they read as
         * 0, like a missing time.
         */
        private long eventMillis() throws SQLException {
            if (parser.isNull(EVENT_TS)) {
                return 0;
            }
            long micros = parser.int8(EVENT_TS);
            if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
                return 0;
            }
            return Math.floorDiv(micros, 1000L) + BinaryCopyFormat.PG_EPOCH_MILLIS;
        }
    }

    /**
     * Ends a COPY that is still running after {@code failure}, so that the connection can run the
     * next statement: cancels it in autocommit mode, otherwise reads it to its end. Problems doing
     * so are added to {@code failure} as suppressed exceptions.
     */
    private void end(CopyOut copy, StagingRange range, long lastSeq, Throwable failure) {
        if (!copy.isActive()) {
            return;
        }
        try {
            boolean cancel = conn.getAutoCommit();
            if (cancel) {
                conn.unwrap(PGConnection.class).cancelQuery();
            }
            try {
                long discarded = 0;
                while (copy.isActive() && copy.readFromCopy() != null) {
                    discarded++;
                }
                log.debug("staging reader: {} after seq {} {} ({} COPY messages discarded)", range, lastSeq,
                        cancel ? "cancelled, the COPY had already ended" : "drained", discarded);
            } catch (SQLException e) {
                if (!cancel || !QUERY_CANCELED.equals(e.getSQLState())) {
                    throw e;
                }
                log.debug("staging reader: {} cancelled after seq {}", range, lastSeq);
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(new SQLException("cannot end the COPY of staged changes " + range + " after seq "
                    + lastSeq + "; the connection may be unusable: " + e.getMessage(),
                    e instanceof SQLException sql ? sql.getSQLState() : null, e));
        }
    }

    private static SQLException wrap(StagingRange range, long lastSeq, SQLException e) {
        return new SQLException("cannot read staged changes " + range + " after seq " + lastSeq + " from "
                + StagingSchema.CHANGE_BLOCKS + ": " + e.getMessage(), e.getSQLState(), e);
    }

    /**
     * The first seq in {@code (afterSeq, untilSeq]} whose change ends its source transaction, if
     * any: where a read of whole transactions can stop. One indexed query.
     */
    public OptionalLong firstTxnEndAfter(long afterSeq, long untilSeq) throws SQLException {
        StagingRange range = new StagingRange(afterSeq, untilSeq, null);
        // a block's last_in_txn describes its last change, whose seq is the block's
        try (PreparedStatement ps = conn.prepareStatement("SELECT seq FROM " + StagingSchema.CHANGE_BLOCKS
                + " WHERE seq > ? AND seq <= ? AND last_in_txn ORDER BY seq LIMIT 1")) {
            ps.setLong(1, afterSeq);
            ps.setLong(2, untilSeq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new SQLException("cannot find the first end of a source transaction in staged changes " + range
                    + " of " + StagingSchema.CHANGE_BLOCKS + ": " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** The COPY's data messages as the driver hands them over (a new array each). */
    private static final class CopyOutSource implements CopyBinaryParser.Source {
        private final CopyOut copy;
        private boolean ended;

        CopyOutSource(CopyOut copy) {
            this.copy = copy;
        }

        @Override
        public byte[] next() throws SQLException {
            if (ended) {
                return null;
            }
            byte[] message = copy.readFromCopy();
            if (message == null) {
                ended = true; // the COPY completed and the connection is free again
            }
            return message;
        }
    }
}
