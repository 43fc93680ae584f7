package io.mysql2gp.loader.bench;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.sql.BinaryCopyFormat;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.text.CopyText;
import io.mysql2gp.miner.stage.BlockTuples;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The physical limit of staging and target writes: plain COPY of generated rows in one transaction. */
final class RawCopy {
    private static final int CHUNK_ROWS = 10_000;

    private RawCopy() {}

    /** One target row as the loader would write it: id, a, b, c, d in COPY text. */
    static void appendTargetRow(StringBuilder out, long id) {
        out.append(id).append('\t').append(id % 100_000).append("\trow-").append(id).append("-abcdefghijklmnop\t")
                .append("2024-01-02 03:04:05.123456\t").append(id / 100).append('.').append(id % 100 < 10 ? "0" : "")
                .append(id % 100);
    }

    /** One staged change, one row per change (the staging layout before blocks), for an insert into t. */
    static void appendStagedRow(StringBuilder out, StringBuilder image, long seq) {
        image.setLength(0);
        appendTargetRow(image, seq);
        out.append(seq).append('\t').append(1 + seq / 1000).append('\t').append(seq % 1000 == 0 ? 't' : 'f')
                .append("\t1\tt\tI\t\\N\t").append(seq).append('\t');
        CopyText.appendField(out, image.toString());
        out.append("\tbinlog.000002\t").append(1000 + seq * 60).append("\t2024-01-02 03:04:05+00");
    }

    /** One timed COPY of generated rows into a table: elapsed nanoseconds. */
    @FunctionalInterface
    interface Pass {
        long nanos() throws SQLException;
    }

    /**
     * The best of {@code passes} runs of {@link #copy} into {@code table} (emptied before each run, with
     * a CHECKPOINT so that one run's dirty pages do not slow the next): rows per second.
     */
    static double bestRate(Connection c, String table, long rows, boolean staged, int passes) throws SQLException {
        return best(c, table, rows, passes, () -> copy(c, table, rows, staged));
    }

    /** The best of {@code passes} runs of {@link #copyBlocks}, as {@link #bestRate}: rows (changes) per second. */
    static double bestBlockRate(Connection c, String table, long rows, int passes) throws SQLException {
        return best(c, table, rows, passes, () -> copyBlocks(c, table, rows));
    }

    private static double best(Connection c, String table, long rows, int passes, Pass pass) throws SQLException {
        double best = 0;
        for (int i = 0; i < passes; i++) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("TRUNCATE " + table);
                st.execute("CHECKPOINT");
            }
            best = Math.max(best, rows * 1e9 / pass.nanos());
        }
        return best;
    }

    /** Writes one COPY's data. */
    @FunctionalInterface
    private interface Feed {
        void write(CopyIn in) throws SQLException;
    }

    /** Runs {@code sql} (a COPY FROM STDIN) fed by {@code feed} in one transaction; returns the elapsed nanoseconds. */
    private static long timedCopy(Connection c, String sql, Feed feed) throws SQLException {
        c.setAutoCommit(false);
        long start = System.nanoTime();
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            feed.write(in);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        c.commit();
        c.setAutoCommit(true);
        return System.nanoTime() - start;
    }

    /**
     * COPYs {@code rows} generated inserts into t, framed in blocks as the miner stages them (transactions of
     * 1,000 rows, blocks of up to {@link ChangeBlock#TARGET_BYTES}, binary COPY), into a table shaped like
     * mysql2gp.change_blocks, and commits; returns the elapsed nanoseconds.
     */
    static long copyBlocks(Connection c, String table, long rows) throws SQLException {
        ChangeBlock.Builder block = new ChangeBlock.Builder();
        BlockTuples out = new BlockTuples(256 * 1024);
        StringBuilder image = new StringBuilder(128);
        return timedCopy(c, "COPY " + table
                + " (seq, n, txn, last_in_txn, schema_id, tbl, changes, binlog_file, binlog_pos, event_ts)"
                + " FROM STDIN (FORMAT binary)", in -> {
                    byte[] header = BinaryCopyFormat.header();
                    in.writeToCopy(header, 0, header.length);
                    for (long id = 1; id <= rows; id++) {
                        image.setLength(0);
                        appendTargetRow(image, id);
                        block.add(Op.INSERT, null, Long.toString(id), image.toString());
                        boolean txnEnd = id % 1000 == 0 || id == rows;
                        if (txnEnd || block.full()) {
                            out.block(id, block, 1 + (id - 1) / 1000, txnEnd, 1, "t", "binlog.000002", 1000 + id * 60,
                                    1_704_164_645_000L);
                            block.reset();
                        }
                        if (out.size() >= 256 * 1024 || id == rows) {
                            in.writeToCopy(out.buffer(), 0, out.size());
                            out.clear();
                        }
                    }
                    byte[] trailer = BinaryCopyFormat.trailer();
                    in.writeToCopy(trailer, 0, trailer.length);
                });
    }

    /** COPYs {@code rows} generated rows into {@code table} and commits; returns the elapsed nanoseconds. */
    static long copy(Connection c, String table, long rows, boolean staged) throws SQLException {
        StringBuilder buf = new StringBuilder(CHUNK_ROWS * 160);
        StringBuilder image = new StringBuilder(128);
        return timedCopy(c, "COPY " + table + " FROM STDIN", in -> {
            for (long id = 1; id <= rows; id++) {
                if (staged) {
                    appendStagedRow(buf, image, id);
                } else {
                    appendTargetRow(buf, id);
                }
                buf.append('\n');
                if (id % CHUNK_ROWS == 0 || id == rows) {
                    byte[] b = buf.toString().getBytes(StandardCharsets.UTF_8);
                    in.writeToCopy(b, 0, b.length);
                    buf.setLength(0);
                }
            }
        });
    }
}
