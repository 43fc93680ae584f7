package io.mysql2gp.loader.apply;

import io.mysql2gp.common.schema.TableSchema;
import java.nio.charset.StandardCharsets;
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
 * and of upserted rows), {@code INSERT ... SELECT} the converted rows. A truncation is applied as
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
     * @throws TargetProblem for a mismatch between source and target, or a value/row the target rejects;
     *                       the transaction is still usable afterwards (rolled back to before the statement)
     * @throws SQLException  for anything else (connection lost, ...), the transaction must be rolled back
     */
    public static ApplyResult apply(Connection conn, Dialect dialect, TargetTable target, TableSchema staged,
            ApplyInput input, ApplyOptions options) throws SQLException {
        long start = System.nanoTime();
        ColumnMapping mapping = ColumnMapping.of(staged, target);
        Guard guard = new Guard(conn, dialect, target, staged, mapping, input, options.zeroDate());
        long deleted = 0;
        long inserted = 0;
        if (input.truncated()) {
            deleted += guard.run(ApplySql.deleteAll(target), null);
        }
        long id = TEMP_SEQ.incrementAndGet();
        String keys = "mysql2gp_keys_" + id;
        String rows = "mysql2gp_rows_" + id;
        List<Integer> keyIdx = mapping.keyIndexes();
        List<Integer> dist = distribution(target, mapping);
        List<String> temps = new ArrayList<>();
        // after a truncation the target is empty: no key needs deleting
        boolean deleteKeys = !input.truncated() && (!input.deleteKeyLines().isEmpty()
                || !input.upsertRowLines().isEmpty());
        if (deleteKeys) {
            List<Integer> keyDist = dist.stream().map(keyIdx::indexOf).toList();
            execute(conn, ApplySql.createTemp(dialect, keys, keyIdx.size(), keyDist));
            temps.add(keys);
            guard.copy(ApplySql.copyIn(keys, keyIdx.size()), input.deleteKeyLines(), true);
        }
        if (!input.upsertRowLines().isEmpty()) {
            execute(conn, ApplySql.createTemp(dialect, rows, staged.columns().size(), dist));
            temps.add(rows);
            guard.copy(ApplySql.copyIn(rows, staged.columns().size()), input.upsertRowLines(), false);
            if (deleteKeys) {
                execute(conn, ApplySql.keysOfRows(keys, rows, keyIdx, input.deleteKeyLines().size()));
            }
        }
        if (deleteKeys) {
            deleted += guard.run(ApplySql.deleteByKeys(target, keys, mapping, options.zeroDate(), false), keys);
        }
        if (!input.upsertRowLines().isEmpty()) {
            inserted = guard.run(ApplySql.insertRows(target, rows, mapping, options.zeroDate(), false), rows);
        }
        for (String t : temps) {
            execute(conn, ApplySql.dropTemp(t));
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        log.debug("apply: {} deleted {} and inserted {} rows in {} ms", target.sqlName(), deleted, inserted, ms);
        return new ApplyResult(deleted, inserted, ms);
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

    /** Runs data statements under a savepoint and turns data errors into {@link TargetProblem}s. */
    record Guard(Connection conn, Dialect dialect, TargetTable target, TableSchema staged,
            ColumnMapping mapping, ApplyInput input, ZeroDate zeroDate) {

        long run(String sql, String temp) throws SQLException {
            Savepoint sp = conn.setSavepoint();
            try (Statement st = conn.createStatement()) {
                long n = st.executeLargeUpdate(sql);
                conn.releaseSavepoint(sp);
                return n;
            } catch (SQLException e) {
                if (!FailureLocator.isDataError(e)) {
                    throw e;
                }
                conn.rollback(sp);
                throw new FailureLocator(this).explain(e, temp);
            }
        }

        void copy(String sql, List<String> lines, boolean keyLines) throws SQLException {
            if (lines.isEmpty()) {
                return;
            }
            Savepoint sp = conn.setSavepoint();
            CopyIn copy = conn.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                StringBuilder buf = new StringBuilder(COPY_BUFFER + 4096);
                long n = 0;
                for (String line : lines) {
                    buf.append(line).append('\t').append(++n).append('\n');
                    if (buf.length() >= COPY_BUFFER) {
                        write(copy, buf);
                    }
                }
                write(copy, buf);
                copy.endCopy();
                conn.releaseSavepoint(sp);
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
                conn.rollback(sp);
                throw new FailureLocator(this).explainCopy(e, keyLines);
            }
        }

        private static void write(CopyIn copy, StringBuilder buf) throws SQLException {
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buf.setLength(0);
        }

        PreparedStatement prepare(String sql) throws SQLException {
            return conn.prepareStatement(sql);
        }
    }
}
