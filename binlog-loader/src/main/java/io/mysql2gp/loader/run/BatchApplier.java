package io.mysql2gp.loader.run;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.ChangeBlock;
import io.mysql2gp.common.text.CopyText;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.loader.apply.ApplyInput;
import io.mysql2gp.loader.apply.ApplyOptions;
import io.mysql2gp.loader.apply.ApplyResult;
import io.mysql2gp.loader.apply.Dialect;
import io.mysql2gp.loader.apply.TableApplier;
import io.mysql2gp.loader.apply.TargetCatalog;
import io.mysql2gp.loader.apply.TargetProblem;
import io.mysql2gp.loader.apply.TargetTable;
import io.mysql2gp.loader.merge.MergedPart;
import io.mysql2gp.loader.merge.TableMerger;
import io.mysql2gp.loader.poll.StagedBlock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Applies the staged changes of one batch inside the caller's open target transaction: the batch's
 * chunks (seq order) are merged per table and schema version across chunks, then applied set-based
 * once, at the end of the batch or earlier when the merged state grows past a cap or a table's schema
 * version changes. Applying consecutive parts one after another gives the same target rows as
 * applying their changes one by one, so a source transaction larger than what is held is applied in
 * pieces within one target transaction.
 */
public final class BatchApplier implements AutoCloseable {
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
    /** Used by the apply thread while a part is in flight, by the caller otherwise. */
    private final Map<String, TargetTable> targets = new HashMap<>();
    /**
     * Writes merged parts to the target while the caller merges the next part: one part at a time,
     * in order, on the caller's target connection (never used by both threads at once).
     */
    private final ExecutorService applyThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "loader-apply");
        t.setDaemon(true);
        return t;
    });

    public BatchApplier(Dialect dialect, String targetSchema, ApplyOptions options) {
        this.dialect = dialect;
        this.targetSchema = targetSchema;
        this.options = options;
    }

    /** Stops the apply thread (after the part in flight, if any). */
    @Override
    public void close() {
        applyThread.shutdown();
    }

    /** Forgets cached target table definitions (after a problem or DDL on the target). */
    public void forgetTargets() {
        targets.clear();
    }

    /**
     * Starts a batch: its chunks are given to {@link Batch#add} in seq order and merged across
     * chunks; {@link Batch#finish} applies what is still held. Merging across the chunks means a key
     * changed in many chunks of a batch is written to the target once, not once per chunk.
     *
     * @param include the tables to apply (others are skipped)
     * @param schemas staged schema versions by id
     * @param heldBytesCap merged state held before it is applied early (bounds the heap; applying
     *     consecutive parts one after another gives the same target rows as applying them together)
     */
    public Batch batch(Predicate<String> include, IntFunction<TableSchema> schemas, long heldBytesCap) {
        return new Batch(include, schemas, heldBytesCap);
    }

    /**
     * One batch being merged. Close it before using the target connection otherwise (closing waits
     * for the part being applied); if anything failed, then roll back the target transaction.
     */
    public final class Batch implements AutoCloseable {
        private final Predicate<String> include;
        private final IntFunction<TableSchema> schemas;
        private final long heldBytesCap;
        /** The predicate may walk the whole table list: asked once per table and batch, not per change. */
        private final Map<String, Boolean> included = new HashMap<>();
        /** Per table, the changes of one schema version merged so far, in the order tables first appear. */
        private final Map<String, Pending> pending = new LinkedHashMap<>();
        private long heldBytes;
        /** The part being applied on the apply thread, if any, and what it holds. */
        private Future<?> applying;
        private java.util.Collection<Pending> inFlight = List.of();
        private final ChangeBlock.Reader changes = new ChangeBlock.Reader();

        private Batch(Predicate<String> include, IntFunction<TableSchema> schemas, long heldBytesCap) {
            this.include = include;
            this.schemas = schemas;
            this.heldBytesCap = heldBytesCap;
        }

        /**
         * Merges the changes of one chunk of blocks (the next in seq order); may apply what is held when
         * a table's schema version changes or the held state passes the cap.
         *
         * @throws TableProblem for a table that cannot be applied (the transaction must be rolled back)
         */
        public void add(Connection target, List<StagedBlock> chunk, Stats stats) throws SQLException {
            for (StagedBlock b : chunk) {
                String table = b.table();
                if (!included.computeIfAbsent(table, include::test)) {
                    continue;
                }
                Pending p = pending.get(table);
                long before = p == null ? 0 : p.merger.heldBytes();
                b.open(changes);
                for (long seq = b.fromSeq(); seq <= b.toSeq(); seq++) {
                    StagedBlock.advance(changes);
                    Op op = changes.op();
                    if (op == Op.DROP_OR_RENAME) {
                        throw new TableProblem(table, "the source table was dropped or renamed (staged seq " + seq + ": "
                                + CopyText.splitLine(changes.rowNew()).get(0) + "); the table stays paused: remove"
                                + " it from loader_table_list (then re-add it once the source and target tables are"
                                + " set up again)", null);
                    }
                    if (p == null) {
                        p = newPending(op == Op.TRUNCATE ? 0 : b.schemaId());
                        pending.put(table, p);
                    }
                    if (op != Op.TRUNCATE && b.schemaId() != p.schemaId) {
                        if (p.schemaId != 0) {
                            // a new schema version: what came before is applied with the old column list
                            heldBytes -= before; // counted so far of what goes now
                            submit(target, Map.of(table, p), stats);
                            p = newPending(b.schemaId());
                            pending.put(table, p);
                            before = 0;
                        } else {
                            p.schemaId = b.schemaId(); // only truncates so far: they carry no schema
                        }
                    }
                    try {
                        p.merger.add(seq, b.schemaId(), changes);
                    } catch (IllegalArgumentException e) {
                        throw new TableProblem(table, e.getMessage(), e);
                    }
                }
                if (p != null) {
                    heldBytes += p.merger.heldBytes() - before;
                }
            }
            if (heldBytes > heldBytesCap) {
                flush(target, stats);
            }
        }

        /** Applies everything still held and waits until it is written; more chunks may follow. */
        public void finish(Connection target, Stats stats) throws SQLException {
            flush(target, stats);
            awaitApplied();
        }

        /** Waits for the part being applied, if any; its failure is not reported (the batch failed anyway). */
        @Override
        public void close() {
            try {
                awaitApplied();
            } catch (SQLException | RuntimeException e) {
                // reported by whoever failed first, or irrelevant after that failure
            }
        }

        private void flush(Connection target, Stats stats) throws SQLException {
            if (!pending.isEmpty()) {
                submit(target, new LinkedHashMap<>(pending), stats);
            }
            pending.clear();
            heldBytes = 0;
        }

        /** Hands {@code parts} to the apply thread once the part before them is written. */
        private void submit(Connection target, Map<String, Pending> parts, Stats stats) throws SQLException {
            awaitApplied();
            inFlight = parts.values();
            applying = applyThread.submit(() -> {
                for (Map.Entry<String, Pending> e : parts.entrySet()) {
                    applyPending(target, e.getKey(), e.getValue(), stats);
                }
                return null;
            });
        }

        private void awaitApplied() throws SQLException {
            Future<?> f = applying;
            if (f == null) {
                return;
            }
            applying = null;
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        f.get();
                        // written: their mergers (and the memory they grew) serve the next parts
                        for (Pending p : inFlight) {
                            recycle(p.merger);
                        }
                        inFlight = List.of();
                        return;
                    } catch (InterruptedException e) {
                        interrupted = true; // the target connection is in use: wait for the part anyway
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof SQLException sql) {
                    throw sql;
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new SQLException(cause);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        private void applyPending(Connection target, String table, Pending p, Stats stats) throws SQLException {
            try {
                applyMerged(target, table, p.schemaId, p.merger, schemas, stats);
            } catch (TargetProblem | IllegalArgumentException e) {
                targets.remove(table);
                throw new TableProblem(table, e.getMessage(), e);
            }
        }
    }

    /** One table's changes of one schema version (0: only truncates so far), merged. */
    private static final class Pending {
        int schemaId;
        final TableMerger merger;

        Pending(int schemaId, TableMerger merger) {
            this.schemaId = schemaId;
            this.merger = merger;
        }
    }

    /** What the spare mergers may hold together: beyond it a written part's merger is dropped. */
    private static final long SPARE_BYTES = 32L << 20;
    /** Mergers whose part was written, emptied for reuse (used by the caller's thread only). */
    private final java.util.ArrayDeque<TableMerger> spareMergers = new java.util.ArrayDeque<>();
    private long spareBytes;

    private Pending newPending(int schemaId) {
        TableMerger m = spareMergers.poll();
        if (m != null) {
            spareBytes -= m.retainedBytes();
        }
        return new Pending(schemaId, m == null ? new TableMerger() : m);
    }

    private void recycle(TableMerger m) {
        m.reset();
        if (spareBytes + m.retainedBytes() <= SPARE_BYTES) {
            spareMergers.push(m);
            spareBytes += m.retainedBytes();
        }
    }

    private void applyMerged(Connection target, String table, int schemaId, TableMerger merger,
            IntFunction<TableSchema> schemas, Stats stats) throws SQLException {
        int changesIn = merger.changesIn();
        if (schemaId == 0) {
            // only TRUNCATEs: no column list needed
            TargetTable t = targetTable(target, table);
            long start = System.nanoTime();
            int deleted;
            try (java.sql.Statement st = target.createStatement()) {
                deleted = st.executeUpdate("DELETE FROM " + t.sqlName());
            }
            stats.add(table, changesIn, new ApplyResult(deleted, 0, (System.nanoTime() - start) / 1_000_000));
            return;
        }
        TableSchema schema = schemas.apply(schemaId);
        if (schema == null) {
            throw new TargetProblem(targetSchema + "." + table, null, "staged changes of " + table
                    + " refer to schema version " + schemaId + ", which staging does not describe");
        }
        MergedPart merged = merger.part();
        if (merged.isEmpty()) {
            stats.add(table, changesIn, new ApplyResult(0, 0, 0));
            return;
        }
        TargetTable t = targetTable(target, table);
        ApplyResult r = TableApplier.apply(target, dialect, t, schema, new ApplyInput(merged.truncated(),
                merged.deleteKeys(), merged.rows(), merged.newKeyRows()), options);
        stats.add(table, changesIn, r);
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
