package io.mysql2gp.loader.run;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.loader.apply.ApplyInput;
import io.mysql2gp.loader.apply.ApplyOptions;
import io.mysql2gp.loader.apply.ApplyResult;
import io.mysql2gp.loader.apply.Dialect;
import io.mysql2gp.loader.apply.TableApplier;
import io.mysql2gp.loader.apply.TargetCatalog;
import io.mysql2gp.loader.apply.TargetProblem;
import io.mysql2gp.loader.apply.TargetTable;
import io.mysql2gp.loader.merge.Change;
import io.mysql2gp.loader.merge.FinalRow;
import io.mysql2gp.loader.merge.MergedTable;
import io.mysql2gp.loader.merge.TableMerger;
import io.mysql2gp.loader.poll.StagedChange;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Applies one chunk of staged changes (seq order) inside the caller's open target transaction:
 * per table, per run of one schema version, merge then set-based apply. Applying consecutive
 * chunks one after another gives the same target rows as applying their changes one by one, so a
 * source transaction larger than a chunk is applied in pieces within one target transaction.
 */
public final class ChunkApplier {
    /** Rows and timings of what was applied, per table. */
    public static final class Stats {
        public final Map<String, long[]> perTable = new LinkedHashMap<>();
        public long changes;
        public long deleted;
        public long inserted;

        void add(String table, long changesIn, ApplyResult r) {
            long[] t = perTable.computeIfAbsent(table, k -> new long[4]);
            t[0] += changesIn;
            t[1] += r.deletedRows();
            t[2] += r.insertedRows();
            t[3] += r.millis();
            changes += changesIn;
            deleted += r.deletedRows();
            inserted += r.insertedRows();
        }
    }

    private final Dialect dialect;
    private final String targetSchema;
    private final ApplyOptions options;
    private final Map<String, TargetTable> targets = new HashMap<>();

    public ChunkApplier(Dialect dialect, String targetSchema, ApplyOptions options) {
        this.dialect = dialect;
        this.targetSchema = targetSchema;
        this.options = options;
    }

    /** Forgets cached target table definitions (after a problem or DDL on the target). */
    public void forgetTargets() {
        targets.clear();
    }

    /**
     * Applies the changes of the tables {@code include} accepts.
     *
     * @param schemas staged schema versions by id
     * @throws TableProblem for a table that cannot be applied (the transaction must be rolled back)
     */
    public Stats apply(Connection target, List<StagedChange> chunk, Predicate<String> include,
            IntFunction<TableSchema> schemas, Stats stats) throws SQLException {
        Map<String, List<List<StagedChange>>> runs = new LinkedHashMap<>();
        // the predicate may walk the whole table list: ask it once per table, not once per change
        Map<String, Boolean> included = new HashMap<>();
        for (StagedChange c : chunk) {
            if (!included.computeIfAbsent(c.table(), include::test)) {
                continue;
            }
            if (c.op() == Op.DROP_OR_RENAME) {
                throw new TableProblem(c.table(), "the source table was dropped or renamed (staged seq " + c.seq()
                        + ": " + io.mysql2gp.common.text.CopyText.splitLine(c.rowNew()).get(0) + "); the table stays"
                        + " paused: remove it from loader_table_list (then re-add it once the source and target"
                        + " tables are set up again)", null);
            }
            List<List<StagedChange>> tableRuns = runs.computeIfAbsent(c.table(), k -> new ArrayList<>());
            List<StagedChange> last = tableRuns.isEmpty() ? null : tableRuns.get(tableRuns.size() - 1);
            if (last == null || c.op() != Op.TRUNCATE && runSchema(last) != 0 && runSchema(last) != c.schemaId()) {
                last = new ArrayList<>();
                tableRuns.add(last);
            }
            last.add(c);
        }
        for (Map.Entry<String, List<List<StagedChange>>> e : runs.entrySet()) {
            for (List<StagedChange> run : e.getValue()) {
                try {
                    applyRun(target, e.getKey(), run, schemas, stats);
                } catch (TargetProblem | IllegalArgumentException p) {
                    targets.remove(e.getKey());
                    throw new TableProblem(e.getKey(), p.getMessage(), p);
                }
            }
        }
        return stats;
    }

    /** The schema version of a run: that of its first row change (a TRUNCATE carries none of its own). */
    private static int runSchema(List<StagedChange> run) {
        for (StagedChange c : run) {
            if (c.op() != Op.TRUNCATE) {
                return c.schemaId();
            }
        }
        return 0;
    }

    private void applyRun(Connection target, String table, List<StagedChange> run, IntFunction<TableSchema> schemas,
            Stats stats) throws SQLException {
        int schemaId = runSchema(run);
        TableSchema schema = schemaId == 0 ? null : schemas.apply(schemaId);
        if (schemaId == 0) {
            // only TRUNCATEs: no column list needed
            TargetTable t = targetTable(target, table);
            long start = System.nanoTime();
            int deleted;
            try (java.sql.Statement st = target.createStatement()) {
                deleted = st.executeUpdate("DELETE FROM " + t.sqlName());
            }
            stats.add(table, run.size(), new ApplyResult(deleted, 0, (System.nanoTime() - start) / 1_000_000));
            return;
        }
        if (schema == null) {
            throw new TargetProblem(targetSchema + "." + table, null, "staged changes of " + table
                    + " refer to schema version " + schemaId + ", which staging does not describe");
        }
        List<Change> changes = new ArrayList<>(run.size());
        for (StagedChange c : run) {
            changes.add(new Change(c.seq(), c.op(), c.keyOld(), c.keyNew(), c.rowNew(), c.schemaId()));
        }
        MergedTable merged = TableMerger.merge(changes);
        if (merged.isEmpty()) {
            return;
        }
        Set<String> upsertKeys = new HashSet<>(merged.upserts().size() * 2);
        List<String> rows = new ArrayList<>(merged.upserts().size());
        List<String> newKeyRows = new ArrayList<>();
        for (FinalRow r : merged.upserts()) {
            upsertKeys.add(r.key());
            (r.newKey() ? newKeyRows : rows).add(r.row());
        }
        rows.addAll(newKeyRows); // rows with new keys last (see ApplyInput)
        List<String> deletes = new ArrayList<>();
        for (String k : merged.deleteKeys()) {
            // the applier deletes the keys of upserted rows itself
            if (!upsertKeys.contains(k)) {
                deletes.add(k);
            }
        }
        TargetTable t = targetTable(target, table);
        ApplyResult r = TableApplier.apply(target, dialect, t, schema, new ApplyInput(merged.truncated(), deletes, rows,
                newKeyRows.size()), options);
        stats.add(table, run.size(), r);
    }

    private TargetTable targetTable(Connection target, String table) throws SQLException {
        TargetTable t = targets.get(table);
        if (t == null) {
            t = TargetCatalog.load(target, targetSchema, table);
            targets.put(table, t);
        }
        return t;
    }
}
