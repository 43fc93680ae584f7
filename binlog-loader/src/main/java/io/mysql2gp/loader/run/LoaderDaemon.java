package io.mysql2gp.loader.run;

import io.mysql2gp.common.metrics.Metrics;

import io.mysql2gp.common.cli.DaemonLifecycle;
import io.mysql2gp.common.cli.FatalException;
import io.mysql2gp.common.retry.Backoff;
import io.mysql2gp.common.retry.Failures;
import io.mysql2gp.common.retry.Supervisor;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.staging.StagedSchemas;
import io.mysql2gp.common.staging.StagingLease;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.loader.apply.Checkpoint;
import io.mysql2gp.loader.apply.Dialect;
import io.mysql2gp.loader.apply.TargetCatalog;
import io.mysql2gp.loader.poll.StagedBlock;
import io.mysql2gp.loader.poll.StagingReader;
import io.mysql2gp.loader.poll.StagingPurger;
import io.mysql2gp.loader.poll.StagingStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog_loader run loop: waits for staged changes, applies them in batches of whole source
 * transactions with the checkpoint in the same target transaction, pauses tables the target cannot
 * take (and retries them), purges applied staging partitions, and reconnects with backoff.
 */
public final class LoaderDaemon implements DaemonLifecycle.Daemon {
    private static final Logger log = LoggerFactory.getLogger(LoaderDaemon.class);

    /** Connections and the table list, from the outside world. */
    public interface Wiring {
        Connection openStaging() throws SQLException;

        Connection openTarget() throws SQLException;

        /** Whether a staged table is listed now. */
        Predicate<String> listed();

        /** Called about every 50 ms while idle, and once per batch (e.g. to notice table-list edits). */
        void tick();
    }


    private final LoaderOptions opts;
    private final Wiring wiring;
    private final Supervisor supervisor;
    /**
     * Wait between looks at staging while nothing waits: the loader's share of the end-to-end lag
     * (the look is one indexed single-row query; 200 ms added up to 0.2 s to every change).
     */
    private static final long IDLE_POLL_MS = 50;
    /**
     * Staged text per chunk handed from the reading thread (with chunk_rows): small chunks pipeline
     * finely; how much is applied at a time is set by {@link #MERGE_BYTES}, not by the chunks.
     */
    private static final long CHUNK_BYTES = 2L << 20;
    /** Seqs per COPY of staging: few round trips, and a range the server reads by its index. */
    private static final long RANGE_SEQS = 100_000;
    /**
     * Merged state (distinct keys and final images) held across the chunks of a batch before it is
     * applied early: with the prefetched chunk and the one being merged, bounds the loader's heap.
     */
    private static final long MERGE_BYTES = 8L << 20;

    // session state
    private Optional<Checkpoint.State> checkpoint = Optional.empty();
    private final Map<String, PausedTables.Paused> paused = new LinkedHashMap<>();
    /** Staged schema versions by id: added by the prefetching thread, read by the applying one. */
    private final Map<Integer, TableSchema> schemas = new ConcurrentHashMap<>();
    private long lastBatchAt;
    private long lastRetryAt;
    private long lastPurgeAt;
    private long lastProgressAt = System.currentTimeMillis();
    private long appliedSinceProgress;
    private long batchesSinceProgress;
    private long lastAppliedEventMillis;

    public LoaderDaemon(LoaderOptions opts, Wiring wiring, Backoff backoff) {
        this.opts = opts;
        this.wiring = wiring;
        this.supervisor = new Supervisor("loader", backoff);
    }

    /** Asks the daemon to stop: the current batch is finished or rolled back, {@link #run()} returns. */
    @Override
    public void requestStop() {
        supervisor.requestStop();
    }

    /** Runs until stopped (returns 0) or a fatal problem (throws). */
    @Override
    public int run() throws FatalException {
        supervisor.run(first -> session(), () -> { });
        return 0;
    }

    private void session() throws Exception {
        try (Connection ctl = openStaging(); Connection read = openStaging();
                Connection target = openTarget()) {
            try {
                StagingLease.acquire(ctl, StagingLease.LOADER, "binlog_loader");
            } catch (StagingLease.LeaseHeldException e) {
                throw new FatalException(e.getMessage(), FatalException.EXIT_LEASE, e);
            }
            // the miner creates and migrates staging too; whichever starts first does it (an upgrade
            // turns changes staged in an older format into the current one before they are read)
            StagingSchema.migrate(ctl);
            target.setAutoCommit(false);
            Dialect dialect = Dialect.detect(target, opts.forcedDialect());
            if (!supervisor.started() && !TargetCatalog.schemaExists(target, opts.targetSchema())) {
                // a wrong target_schema is a configuration mistake: fail at start (rather than pause every
                // table) so that the user or a watchdog sees it; the miner keeps staging meanwhile
                throw new FatalException("loader: target schema \"" + opts.targetSchema() + "\" ([desc.pgsql]"
                        + " target_schema) does not exist in target database \"" + target.getCatalog()
                        + "\"; create it and the target tables, or correct target_schema", FatalException.EXIT_FATAL);
            }
            Checkpoint.ensureTable(target, dialect);
            PausedTables.ensureTable(target, dialect);
            target.commit();
            checkpoint = Checkpoint.read(target, opts.stagingId());
            paused.clear();
            paused.putAll(PausedTables.load(target, opts.stagingId()));
            target.commit();
            if (!supervisor.started()) {
                log.info("loader: target is {} ; checkpoint {}; {} paused table(s) {}",
                        dialect.kind(), checkpoint.map(c -> "seq " + c.appliedSeq() + " (txn " + c.appliedTxn() + ")")
                                .orElse("none (nothing applied yet)"), paused.size(), paused.keySet());
            }
            supervisor.markStarted();
            try (BatchApplier applier = new BatchApplier(dialect, opts.targetSchema(), opts.apply())) {
                while (!supervisor.stopRequested()) {
                    wiring.tick();
                    long applied = appliedSeq();
                    Optional<StagingStatus> status = StagingStatus.read(ctl);
                    long lastSeq = status.map(StagingStatus::lastSeq).orElse(0L);
                    long now = System.currentTimeMillis();
                    long backlog = Math.max(0, lastSeq - applied);
                    Metrics.BACKLOG.set(backlog);
                    Metrics.PAUSED_TABLES.set(paused.size());
                    if (backlog == 0) {
                        Metrics.LAG_SECONDS.labelValues("loader").set(0);
                    }
                    if (backlog > 0 && (backlog >= opts.loadBatch() || now - lastBatchAt >= opts.loadBatchGapMs())) {
                        runBatch(read, target, applier, lastSeq);
                        lastBatchAt = System.currentTimeMillis();
                        supervisor.succeeded();
                    } else {
                        Thread.sleep(IDLE_POLL_MS);
                    }
                    now = System.currentTimeMillis();
                    if (!paused.isEmpty() && now - lastRetryAt >= opts.retryPausedMs()) {
                        retryPaused(read, target, applier);
                        lastRetryAt = now;
                    }
                    if (now - lastPurgeAt >= 10_000) {
                        purge(ctl);
                        lastPurgeAt = now;
                    }
                    if (now - lastProgressAt >= opts.progressIntervalMs()) {
                        progress(now, lastSeq);
                    }
                }
            }
        }
    }

    private long appliedSeq() {
        return checkpoint.map(Checkpoint.State::appliedSeq).orElse(0L);
    }

    private Connection openStaging() throws SQLException {
        try {
            return wiring.openStaging();
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the staging database: " + e.getMessage(),
                    e.getSQLState(), e);
        }
    }

    private Connection openTarget() throws SQLException {
        try {
            return wiring.openTarget();
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the target database: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Applies one batch; a table problem pauses that table and the batch is retried without it. */
    private void runBatch(Connection read, Connection target, BatchApplier applier, long lastSeq)
            throws SQLException {
        while (true) {
            try {
                applyBatch(read, target, applier, lastSeq);
                return;
            } catch (TableProblem p) {
                rollback(read, target);
                applier.forgetTargets();
                PausedTables.Paused entry = new PausedTables.Paused(appliedSeq() + 1, p.getMessage(), Instant.now());
                log.error("loader: table \"{}\" paused from staged seq {}: {}; its changes are kept and retried every"
                        + " {} s", p.table(), entry.fromSeq(), p.getMessage(), opts.retryPausedMs() / 1000);
                paused.put(p.table(), entry);
                pendingPauses.put(p.table(), entry);
            } catch (SQLException | RuntimeException e) {
                rollback(read, target);
                throw e;
            }
        }
    }

    private final Map<String, PausedTables.Paused> pendingPauses = new LinkedHashMap<>();
    private final Map<String, Long> lastStillPausedLog = new HashMap<>();

    private void applyBatch(Connection read, Connection target, BatchApplier applier, long lastSeq)
            throws SQLException {
        long start = System.currentTimeMillis();
        long from = appliedSeq();
        // every change up to lastSeq is committed (the miner commits them with miner_state), and so is
        // every schema version they refer to. Re-reading the table list after lastSeq was read means a
        // table whose changes the miner staged (having read the list before staging them) is listed here
        // too: otherwise a batch between the miner's and the loader's re-read would skip them for good.
        refreshSchemas(read);
        wiring.tick();
        Predicate<String> listed = wiring.listed();
        Predicate<String> include = t -> listed.test(t) && !paused.containsKey(t);
        BatchApplier.Stats stats = new BatchApplier.Stats();
        StagedBlock last = null;
        BatchChunks batch = new BatchChunks(new StagingReader(read), from, lastSeq);
        try (BatchApplier.Batch merging = applier.batch(include, schemas::get, MERGE_BYTES);
                ChunkPrefetcher<StagedBlock> chunks = new ChunkPrefetcher<>(batch)) {
            for (List<StagedBlock> chunk = chunks.next(); !chunk.isEmpty(); chunk = chunks.next()) {
                merging.add(target, chunk, stats);
                last = chunk.get(chunk.size() - 1);
            }
            merging.finish(target, stats);
        }
        // read after close(), which joined the reading thread: every chunk read was applied
        long rows = batch.rows;
        if (last == null) {
            return;
        }
        if (!last.endsTransaction()) {
            throw new IllegalStateException("staging ended inside source transaction " + last.txn() + " at seq "
                    + last.toSeq() + ": the miner commits whole transactions only");
        }
        for (Map.Entry<String, PausedTables.Paused> e : pendingPauses.entrySet()) {
            PausedTables.save(target, opts.stagingId(), e.getKey(), e.getValue());
        }
        checkpoint = Optional.of(Checkpoint.write(target, opts.stagingId(), checkpoint, last.toSeq(), last.txn(),
                stats.deleted + stats.inserted));
        target.commit();
        pendingPauses.clear();
        stats.perTable.forEach((t, v) -> Metrics.ROWS_APPLIED.labelValues(t).inc(v[0]));
        Metrics.BATCH_SECONDS.labelValues("loader").observe((System.currentTimeMillis() - start) / 1000.0);
        if (last.eventTimeMillis() > 0) {
            Metrics.LAG_SECONDS.labelValues("loader").set(Math.max(0, System.currentTimeMillis() - last.eventTimeMillis())
                    / 1000.0);
        }
        appliedSinceProgress += rows;
        batchesSinceProgress++;
        lastAppliedEventMillis = last.eventTimeMillis();
        if (log.isDebugEnabled()) {
            StringBuilder sb = new StringBuilder();
            stats.perTable.forEach((t, v) -> sb.append(' ').append(t).append("[changes=").append(v[0]).append(" deleted=")
                    .append(v[1]).append(" inserted=").append(v[2]).append(' ').append(v[3]).append("ms]"));
            log.debug("loader: batch seq {}..{} ({} staged changes, {} bytes) applied in {} ms:{}", from + 1, last.toSeq(),
                    rows, batch.bytes, System.currentTimeMillis() - start, sb);
        }
    }

    /**
     * Cuts staged blocks into chunks of at most about chunk_rows changes and {@link #CHUNK_BYTES} and
     * hands them over one by one; counts what it cut.
     */
    private final class Chunker {
        private final ChunkPrefetcher.Handoff<StagedBlock> out;
        private List<StagedBlock> chunk = new ArrayList<>();
        private long chunkBytes;
        private long chunkRows;
        long rows;
        long bytes;
        StagedBlock last;

        Chunker(ChunkPrefetcher.Handoff<StagedBlock> out) {
            this.out = out;
        }

        void add(StagedBlock c) {
            long b = c.bytes();
            if (!chunk.isEmpty() && chunkBytes + b > CHUNK_BYTES) {
                handOver();
            }
            chunk.add(c);
            chunkBytes += b;
            chunkRows += c.delivered();
            rows += c.delivered();
            bytes += b;
            last = c;
            if (chunkRows >= opts.chunkRows()) {
                handOver();
            }
        }

        /** Hands over what was cut so far (nothing if empty). */
        void handOver() {
            if (!chunk.isEmpty()) {
                out.hand(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
                chunkRows = 0;
            }
        }
    }

    /**
     * The changes of one batch, read on the prefetching thread: the seqs after the checkpoint up to the
     * first source transaction boundary after max_batch_rows changes or max_batch_bytes, or up to the
     * last committed seq; one COPY per seq range of at most {@link #RANGE_SEQS} seqs. Read the counts once the
     * prefetcher is closed.
     */
    private final class BatchChunks implements ChunkPrefetcher.Source<StagedBlock> {
        private final StagingReader reader;
        private final long from;
        private final long lastSeq;
        volatile long rows;
        volatile long bytes;

        BatchChunks(StagingReader reader, long from, long lastSeq) {
            this.reader = reader;
            this.from = from;
            this.lastSeq = lastSeq;
        }

        @Override
        public void read(ChunkPrefetcher.Handoff<StagedBlock> out) throws SQLException {
            Chunker chunker = new Chunker(out);
            long after = from;
            boolean full = false;
            while (!full && after < lastSeq) {
                boolean enough = chunker.rows >= opts.maxBatchRows() || chunker.bytes >= opts.maxBatchBytes();
                long until;
                if (enough) {
                    // big enough, but inside a source transaction: the batch ends with that transaction
                    until = reader.firstTxnEndAfter(after, lastSeq).orElse(lastSeq);
                } else {
                    until = Math.min(lastSeq, after + Math.min(RANGE_SEQS, opts.maxBatchRows() - chunker.rows));
                }
                reader.readBlocks(after, until, null, chunker::add);
                after = until;
                full = enough || chunker.last.endsTransaction()
                        && (chunker.rows >= opts.maxBatchRows() || chunker.bytes >= opts.maxBatchBytes());
            }
            chunker.handOver();
            rows = chunker.rows;
            bytes = chunker.bytes;
        }
    }

    /** Loads the staged schema versions when staging holds versions this loader has not loaded. */
    private void refreshSchemas(Connection read) throws SQLException {
        try (Statement st = read.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + StagingSchema.TABLE_SCHEMA)) {
            rs.next();
            if (rs.getLong(1) == schemas.size()) {
                return;
            }
        }
        schemas.clear();
        schemas.putAll(StagedSchemas.load(read));
    }

    /** Tries to catch up each paused table on the changes it missed; resumes it on success. */
    private void retryPaused(Connection read, Connection target, BatchApplier applier) throws SQLException {
        for (String table : List.copyOf(paused.keySet())) {
            PausedTables.Paused p = paused.get(table);
            long until = appliedSeq();
            BatchApplier.Stats stats = new BatchApplier.Stats();
            try {
                if (!wiring.listed().test(table)) {
                    log.info("loader: paused table \"{}\" is no longer listed; forgetting it", table);
                } else {
                    applier.forgetTargets();
                    refreshSchemas(read);
                    StagingReader reader = new StagingReader(read);
                    try (BatchApplier.Batch merging = applier.batch(table::equals, schemas::get, MERGE_BYTES);
                            ChunkPrefetcher<StagedBlock> chunks = new ChunkPrefetcher<>(out -> {
                                Chunker chunker = new Chunker(out);
                                reader.readBlocks(p.fromSeq() - 1, until, table, chunker::add);
                                chunker.handOver();
                            })) {
                        for (List<StagedBlock> chunk = chunks.next(); !chunk.isEmpty(); chunk = chunks.next()) {
                            merging.add(target, chunk, stats);
                        }
                        merging.finish(target, stats);
                    }
                }
                PausedTables.remove(target, opts.stagingId(), table);
                target.commit();
                paused.remove(table);
                pendingPauses.remove(table);
                log.info("loader: table \"{}\" resumed: applied the {} changes it had missed (seq {}..{})", table,
                        stats.changes, p.fromSeq(), until);
            } catch (TableProblem e) {
                rollback(read, target);
                if (!e.getMessage().equals(p.reason())) {
                    log.error("loader: table \"{}\" still paused: {}", table, e.getMessage());
                    PausedTables.Paused updated = new PausedTables.Paused(p.fromSeq(), e.getMessage(), p.since());
                    paused.put(table, updated);
                    pendingPauses.put(table, updated);
                } else if (System.currentTimeMillis() - lastStillPausedLog.getOrDefault(table, 0L) >= 600_000) {
                    // the same reason again: remind at most every 10 minutes, not at every retry
                    log.warn("loader: table \"{}\" still paused (since {}): {}", table, p.since(), p.reason());
                    lastStillPausedLog.put(table, System.currentTimeMillis());
                }
            } catch (SQLException | RuntimeException e) {
                rollback(read, target);
                throw e;
            }
        }
    }

    private void purge(Connection ctl) {
        long upTo = appliedSeq();
        for (PausedTables.Paused p : paused.values()) {
            upTo = Math.min(upTo, p.fromSeq() - 1);
        }
        try {
            StagingPurger.purge(ctl, upTo);
        } catch (SQLException e) {
            log.warn("loader: purging applied staging partitions failed (will retry): {}", Failures.describe(e));
        }
    }

    private void progress(long now, long lastSeq) {
        long applied = appliedSeq();
        double rate = appliedSinceProgress * 1000.0 / Math.max(1, now - lastProgressAt);
        long backlog = Math.max(0, lastSeq - applied);
        long lag = backlog > 0 && lastAppliedEventMillis > 0 ? Math.max(0, now - lastAppliedEventMillis) / 1000 : 0;
        log.info("loader: applied {} changes ({}/s) in {} batches; checkpoint seq {}; backlog {} changes; lag {} s{}",
                appliedSinceProgress, Math.round(rate), batchesSinceProgress, applied, backlog, lag,
                paused.isEmpty() ? "" : "; paused " + paused.keySet());
        appliedSinceProgress = 0;
        batchesSinceProgress = 0;
        lastProgressAt = now;
    }

    private static void rollback(Connection read, Connection target) {
        for (Connection c : new Connection[] {read, target}) {
            try {
                c.rollback();
            } catch (SQLException e) {
                log.debug("loader: rollback failed: {}", e.getMessage());
            }
        }
    }
}
