package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.loader.merge.ByteLines;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the merged changes of one table to its target table inside the caller's open transaction:
 * COPY the key and row lines into text temp tables, {@code DELETE ... USING} the keys (of deleted
 * and of upserted rows), {@code INSERT ... SELECT} the converted rows; rows with keys new to the
 * source go by COPY straight into the target when its unique key and column types allow it. A truncation is applied as
 * {@code DELETE FROM target}, not TRUNCATE: TRUNCATE would hold an ACCESS EXCLUSIVE lock (blocking
 * every reader of the target) until the whole batch commits and is not MVCC-safe for concurrent
 * snapshots; DELETE keeps readers on the old rows until commit, at the price of dead rows for VACUUM.
 */
public final class TableApplier {
    private static final Logger log = LoggerFactory.getLogger(TableApplier.class);
    private static final AtomicLong TEMP_SEQ = new AtomicLong();
    private static final int COPY_BUFFER = 256 * 1024;

    private TableApplier() {}

    /**
     * Applies {@code input} (lines laid out by {@code staged}) to {@code target}. The caller commits
     * or rolls back. Temp tables get unique names, so one transaction may apply many tables and
     * several schema versions of one table.
     *
     * <p>The target statements (truncation, deletes, inserts) run under one savepoint, the only one
     * on the normal path (each savepoint that writes costs a subtransaction, and more than 64 in one
     * transaction slow down every snapshot on the server). When the target rejects a value, the
     * changes of this call are rolled back to that savepoint, the offending row is located, and a
     * {@link TargetProblem} is thrown with the transaction still usable. When the staged text itself
     * is invalid (COPY fails), the TargetProblem leaves the transaction aborted. The safe reaction to
     * any TargetProblem is therefore to roll back the transaction.
     *
     * @throws TargetProblem for a mismatch between source and target, or a value/row the target rejects
     * @throws SQLException  for anything else (connection lost, ...): roll back and retry
     * @throws IllegalArgumentException when {@code input} holds two rows with one key (a merge defect)
     */
    public static ApplyResult apply(Connection conn, Dialect dialect, TargetTable target, TableSchema staged,
            ApplyInput input, ApplyOptions options) throws SQLException {
        long start = System.nanoTime();
        ColumnMapping mapping = ColumnMapping.of(staged, target);
        // two rows with one key would both be inserted (targets often have no primary key): a merge defect
        int repeated = StagedLines.firstRepeatedKey(input.upsertRowLines(), mapping.keyIndexes());
        if (repeated > 0) {
            throw new IllegalArgumentException("merged changes for " + target.displayName() + " hold two rows with"
                    + " the key of row line " + repeated + " (" + StagedLines.fields(input.upsertRowLines()
                            .text(repeated - 1), mapping.keyIndexes()) + ")");
        }
        Context context = new Context(conn, dialect, target, staged, mapping, input, options.zeroDate());
        long id = TEMP_SEQ.incrementAndGet();
        String keys = "mysql2gp_keys_" + id;
        String rows = "mysql2gp_rows_" + id;
        List<Integer> keyIdx = mapping.keyIndexes();
        List<Integer> dist = distribution(target, mapping);
        List<String> temps = new ArrayList<>();
        int rowCount = input.upsertRowLines().size();
        boolean upserts = rowCount > 0;
        // Rows whose key the source says is new need no DELETE when the target itself rejects a
        // duplicate key: the INSERT then proves no target row had it. If one had (e.g. the target was
        // loaded from a dump taken after the start position), the savepoint is rolled back and those
        // keys are deleted like the others.
        boolean keyIsUnique = target.enforcesUnique(mapping.keyColumns().stream().map(m -> m.target().name())
                .toList());
        int keyedRows = !input.truncated() && input.newKeyRows() > 0 && keyIsUnique
                ? rowCount - input.newKeyRows() : rowCount;
        // New-key rows whose every column the target takes as staged go in by one COPY straight into
        // the target table (no temp table, no INSERT ... SELECT); if that COPY fails (a key the target
        // holds, a zero date, a value that does not fit), they join the others on the general path.
        boolean direct = keyedRows < rowCount && mapping.copiesAsIs();
        int inTemp = direct ? keyedRows : rowCount;
        // PostgreSQL may plan the DELETE as a hash join that reads the whole target table (so it did for
        // 10k keys of a freshly loaded 1M-row table: 290 ms instead of 13 ms by the index), though
        // probing the key's unique index is never much slower, even for a third of the table. Steered
        // only where that index exists, and not on Greenplum, whose planner and data placement differ.
        boolean probeByIndex = !dialect.greenplumServer() && keyIsUnique;
        // after a truncation the target is empty: no key needs deleting
        boolean deleteKeys = !input.truncated() && (!input.deleteKeyLines().isEmpty() || keyedRows > 0);
        String createKeys = ApplySql.createTemp(dialect, keys, keyIdx.size(), dist.stream().map(keyIdx::indexOf)
                .toList());
        if (deleteKeys) {
            execute(conn, createKeys);
            temps.add(keys);
            context.copy(ApplySql.copyIn(keys, keyIdx.size()), input.deleteKeyLines(), 0, true);
        }
        String createRows = ApplySql.createTemp(dialect, rows, staged.columns().size(), dist);
        String copyRows = ApplySql.copyIn(rows, staged.columns().size());
        if (inTemp > 0) {
            execute(conn, createRows);
            temps.add(rows);
            context.copy(copyRows, input.upsertRowLines().subList(0, inTemp), 0, false);
            if (deleteKeys && keyedRows > 0) {
                execute(conn, ApplySql.keysOfRows(keys, rows, keyIdx, input.deleteKeyLines().size(), 0, keyedRows));
            }
        }
        if (deleteKeys) {
            // temp tables have no statistics: without them the planner may join the keys to a
            // sequential scan of the whole target instead of its primary-key index
            execute(conn, "ANALYZE " + keys);
        }
        long deleted = 0;
        long inserted = 0;
        while (input.truncated() || deleteKeys || upserts) {
            Savepoint sp = conn.setSavepoint();
            String step = null;
            List<String> done = new ArrayList<>();
            try {
                if (input.truncated()) {
                    deleted += update(conn, ApplySql.deleteAll(target), done);
                }
                if (deleteKeys) {
                    step = keys;
                    if (probeByIndex) {
                        execute(conn, "SET LOCAL enable_hashjoin = off");
                        execute(conn, "SET LOCAL enable_mergejoin = off");
                    }
                    deleted += update(conn, ApplySql.deleteByKeys(target, keys, mapping, options.zeroDate(), false),
                            done);
                    if (probeByIndex) {
                        execute(conn, "RESET enable_hashjoin");
                        execute(conn, "RESET enable_mergejoin");
                    }
                }
                if (upserts && inTemp > 0) {
                    step = rows;
                    inserted = update(conn, ApplySql.insertRows(target, rows, mapping, options.zeroDate(), false),
                            done);
                }
                if (direct) {
                    step = null;
                    inserted += context.copyStraight(ApplySql.copyIntoTarget(target, mapping),
                            input.upsertRowLines().subList(inTemp, rowCount));
                }
                conn.releaseSavepoint(sp);
                break;
            } catch (SQLException e) {
                if (!FailureLocator.isDataError(e)) {
                    throw e;
                }
                conn.rollback(sp);
                if (keyedRows < rowCount) {
                    // the target holds a new key, or rejects a row: again with every key deleted first,
                    // which also finds the offending row as before
                    log.debug("apply: {} again with the keys of all {} rows deleted first: {}", target.sqlName(),
                            rowCount, e.getMessage());
                    conn.releaseSavepoint(sp);
                    if (direct) {
                        if (!temps.contains(rows)) {
                            execute(conn, createRows);
                            temps.add(rows);
                        }
                        context.copy(copyRows, input.upsertRowLines().subList(inTemp, rowCount), inTemp, false);
                        inTemp = rowCount;
                        direct = false;
                    }
                    if (!temps.contains(keys)) {
                        execute(conn, createKeys);
                        temps.add(keys);
                    }
                    execute(conn, ApplySql.keysOfRows(keys, rows, keyIdx, input.deleteKeyLines().size(), keyedRows,
                            Long.MAX_VALUE));
                    execute(conn, "ANALYZE " + keys);
                    keyedRows = rowCount;
                    deleteKeys = true;
                    deleted = 0;
                    inserted = 0;
                    continue;
                }
                TargetProblem problem = new FailureLocator(context).explain(e, step, done);
                conn.rollback(sp);
                conn.releaseSavepoint(sp);
                throw problem;
            }
        }
        for (String t : temps) {
            execute(conn, ApplySql.dropTemp(t));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.debug("apply: {} deleted {} and inserted {} rows in {} ms", target.sqlName(), deleted, inserted, ms);
        return new ApplyResult(deleted, inserted, ms);
    }

    /** Runs {@code sql} and appends it to {@code done} once it succeeded. */
    private static long update(Connection conn, String sql, List<String> done) throws SQLException {
        try (Statement st = conn.createStatement()) {
            long n = st.executeLargeUpdate(sql);
            done.add(sql);
            return n;
        }
    }

    /**
     * Temp-table distribution on Greenplum: the staged columns matching the target's distribution key
     * when all of them are key columns (so key and row tables spread like the target), else the key.
     */
    static List<Integer> distribution(TargetTable target, ColumnMapping mapping) {
        List<Integer> cols = new ArrayList<>();
        for (String d : target.distributionKey()) {
            mapping.keyColumns().stream().filter(m -> m.target().name().equals(d)).findFirst()
                    .ifPresent(m -> cols.add(m.stagedIndex()));
        }
        return cols.size() == target.distributionKey().size() && !cols.isEmpty() ? cols : mapping.keyIndexes();
    }

    static void execute(Connection conn, String sql) throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Writes staged lines to a COPY through one buffer: the lines' bytes as they are (already COPY
     * text), a TAB and an ordinal or just the line end.
     */
    private static final class LineWriter {
        private final CopyIn copy;
        private final byte[] buf = new byte[COPY_BUFFER];
        private int size;

        LineWriter(CopyIn copy) {
            this.copy = copy;
        }

        void line(ByteLines lines, int i) throws SQLException {
            int len = lines.length(i);
            if (size + len + 24 > buf.length) {
                flush();
                if (len + 24 > buf.length) {
                    copy.writeToCopy(lines.array(), lines.offset(i), len); // a line larger than the buffer
                    return;
                }
            }
            System.arraycopy(lines.array(), lines.offset(i), buf, size, len);
            size += len;
        }

        /** A TAB, the ordinal, the line end. */
        void ordinal(long n) throws SQLException {
            if (size + 24 > buf.length) {
                flush();
            }
            buf[size++] = '\t';
            int start = size;
            do {
                buf[size++] = (byte) ('0' + n % 10);
                n /= 10;
            } while (n > 0);
            for (int a = start, b = size - 1; a < b; a++, b--) {
                byte t = buf[a];
                buf[a] = buf[b];
                buf[b] = t;
            }
            buf[size++] = '\n';
        }

        void end() throws SQLException {
            if (size + 1 > buf.length) {
                flush();
            }
            buf[size++] = '\n';
        }

        void flush() throws SQLException {
            if (size > 0) {
                copy.writeToCopy(buf, 0, size);
                size = 0;
            }
        }
    }

    /** What one apply call works on; copies lines into temp tables. */
    record Context(Connection conn, Dialect dialect, TargetTable target, TableSchema staged,
            ColumnMapping mapping, ApplyInput input, ZeroDate zeroDate) {

        /**
         * COPY of {@code lines} into a temp table, each numbered (ordinal column) after {@code offset}.
         * A line the server rejects becomes a TargetProblem naming it; the transaction is aborted then.
         */
        void copy(String sql, ByteLines lines, long offset, boolean keyLines) throws SQLException {
            if (lines.isEmpty()) {
                return;
            }
            CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                LineWriter out = new LineWriter(copy);
                long n = offset;
                for (int i = 0; i < lines.size(); i++) {
                    out.line(lines, i);
                    out.ordinal(++n);
                }
                out.flush();
                copy.endCopy();
            } catch (SQLException e) {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException ignored) {
                        // the server already ended the COPY with the error we report
                    }
                }
                if (!FailureLocator.isDataError(e)) {
                    throw e;
                }
                // no savepoint around COPY (see apply): the transaction is aborted now
                throw new FailureLocator(this).explainCopy(e, keyLines, offset);
            }
        }

        /** COPY of row {@code lines} as they are into the target table; returns the rows copied. */
        long copyStraight(String sql, ByteLines lines) throws SQLException {
            CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                LineWriter out = new LineWriter(copy);
                for (int i = 0; i < lines.size(); i++) {
                    out.line(lines, i);
                    out.end();
                }
                out.flush();
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    try {
                        copy.cancelCopy();
                    } catch (SQLException ignored) {
                        // the server already ended the COPY with the error the caller handles
                    }
                }
            }
        }

        PreparedStatement prepare(String sql) throws SQLException {
            return conn.prepareStatement(sql);
        }
    }
}
