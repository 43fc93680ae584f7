package io.mysql2gp.loader.bench;

import io.mysql2gp.common.text.CopyText;
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

    /** One row of mysql2gp.changes as the miner writes it for an insert into t. */
    static void appendStagedRow(StringBuilder out, StringBuilder image, long seq) {
        image.setLength(0);
        appendTargetRow(image, seq);
        out.append(seq).append('\t').append(1 + seq / 1000).append('\t').append(seq % 1000 == 0 ? 't' : 'f')
                .append("\t1\tt\tI\t\\N\t").append(seq).append('\t');
        CopyText.appendField(out, image.toString());
        out.append("\tbinlog.000002\t").append(1000 + seq * 60).append("\t2024-01-02 03:04:05+00");
    }

    /**
     * The best of {@code passes} runs of {@link #copy} into {@code table} (emptied before each run, with
     * a CHECKPOINT so that one run's dirty pages do not slow the next): rows per second.
     */
    static double bestRate(Connection c, String table, long rows, boolean staged, int passes) throws SQLException {
        double best = 0;
        for (int i = 0; i < passes; i++) {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("TRUNCATE " + table);
                st.execute("CHECKPOINT");
            }
            best = Math.max(best, rows * 1e9 / copy(c, table, rows, staged));
        }
        return best;
    }

    /** COPYs {@code rows} generated rows into {@code table} and commits; returns the elapsed nanoseconds. */
    static long copy(Connection c, String table, long rows, boolean staged) throws SQLException {
        c.setAutoCommit(false);
        PGConnection pg = c.unwrap(PGConnection.class);
        StringBuilder buf = new StringBuilder(CHUNK_ROWS * 160);
        StringBuilder image = new StringBuilder(128);
        long start = System.nanoTime();
        CopyIn in = pg.getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        try {
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
}
