package io.mysql2gp.miner;

import io.mysql2gp.common.cli.DaemonLifecycle;
import io.mysql2gp.common.cli.FatalException;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.retry.Backoff;
import io.mysql2gp.common.retry.Supervisor;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.miner.source.BinlogReader;
import io.mysql2gp.miner.source.ServerIdClash;
import io.mysql2gp.common.staging.StagingLease;
import io.mysql2gp.miner.stage.MinerState;
import io.mysql2gp.miner.stage.StageLoop;
import io.mysql2gp.miner.stage.StagingStore;
import io.mysql2gp.miner.stage.StagingWriter;
import io.mysql2gp.miner.stream.FatalStreamException;
import io.mysql2gp.miner.stream.QueueSink;
import io.mysql2gp.miner.stream.RowImageEncoder;
import io.mysql2gp.miner.stream.SchemaRegistry;
import io.mysql2gp.miner.stream.TransactionTracker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The binlog_miner supervisor: runs replication sessions (staging state → preflight → stream →
 * stage) and starts a new one from the position committed in staging after any retriable
 * failure, with capped backoff; stops in order on request.
 */
public final class MinerDaemon implements DaemonLifecycle.Daemon {
    private static final Logger log = LoggerFactory.getLogger(MinerDaemon.class);

    /** Things the daemon needs from the outside world, one set per session. */
    public interface Wiring {
        Connection openStaging() throws SQLException;

        /**
         * Checks the source before streaming from {@code start} ({@code stored}: taken from staging,
         * not from my.cnf); throws {@link FatalException} on failure.
         */
        void preflight(BinlogPosition start, boolean stored, boolean firstSession) throws Exception;

        /** Called about once a second while streaming (e.g. to notice table-list edits). */
        void tick();

        SchemaRegistry.Builder schemaBuilder() throws Exception;

        RowImageEncoder encoder();

        EventDeserializer eventDeserializer();

        /** Whether a table of the configured db is listed now. */
        Predicate<String> stagedTables();

        /**
         * Called about once a second with the position committed to staging: checks now and then how close
         * its binlog file is to being purged from the source, and warns (never throws).
         */
        void watchRetention(BinlogPosition committed);

        /** Releases per-session resources (source JDBC connections). */
        void endSession();
    }



    private final MinerOptions settings;
    private final Wiring wiring;
    private final Supervisor supervisor;

    public MinerDaemon(MinerOptions settings, Wiring wiring, Backoff backoff) {
        this.settings = settings;
        this.wiring = wiring;
        this.supervisor = new Supervisor("miner", backoff);
    }

    /** Asks the daemon to stop: intake stops, whole transactions are committed, {@link #run()} returns. */
    @Override
    public void requestStop() {
        supervisor.requestStop();
    }

    /** Runs until stopped (returns 0) or a fatal problem (throws). */
    @Override
    public int run() throws FatalException {
        supervisor.run(this::session, wiring::endSession);
        return 0;
    }

    private void session(boolean first) throws Exception {
        Connection conn;
        try {
            conn = wiring.openStaging();
        } catch (SQLException e) {
            throw new SQLException("cannot connect to the staging database: " + e.getMessage(), e.getSQLState(), e);
        }
        StageLoop stage = null;
        Thread stageThread = null;
        BinlogReader reader = null;
        try {
            try {
                StagingLease.acquire(conn, StagingLease.MINER, "binlog_miner");
            } catch (StagingLease.LeaseHeldException e) {
                throw new FatalException(e.getMessage(), FatalException.EXIT_LEASE);
            }
            // after the lease: a second miner never migrates what the first one writes
            StagingSchema.migrate(conn);
            Optional<MinerState> stored = StagingStore.loadState(conn);
            MinerState state = initialState(stored, conn, first);
            wiring.preflight(state.position(), stored.isPresent(), first);
            SchemaRegistry registry = new SchemaRegistry(StagingStore.loadSchemas(conn), wiring.schemaBuilder());
            StagingWriter writer = new StagingWriter(conn, state);
            // at most queueCapacity rows in flight; transaction ends and schemas take an item each besides
            java.util.concurrent.BlockingQueue<QueueSink.Item> queue =
                    new java.util.concurrent.ArrayBlockingQueue<>(settings.queueCapacity());
            java.util.concurrent.Semaphore rowCredits = new java.util.concurrent.Semaphore(settings.queueCapacity());
            stage = new StageLoop(writer, queue, rowCredits, settings.batchRows(), settings.flushIntervalMs(),
                    settings.heartbeatMs());
            QueueSink sink = new QueueSink(queue, rowCredits, stage::finished);
            stageThread = new Thread(stage, "stage");
            stageThread.start();
            TransactionTracker tracker = new TransactionTracker(settings.db(), wiring.stagedTables(), registry,
                    wiring.encoder(), sink, state.position());
            log.info("miner: streaming from {} as {}", state.position(), settings.source());
            try {
                reader = new BinlogReader(settings.source(), state.position(), wiring.eventDeserializer(), tracker);
                reader.start(settings.source().connectTimeoutMillis());
            } catch (SourceException e) {
                if (e.retriable() || supervisor.started()) {
                    throw e;
                }
                throw new FatalException(e.getMessage(), FatalException.EXIT_FATAL, e); // e.g. TLS: one clear line
            }
            supervisor.markStarted();
            supervise(reader, stage);
        } finally {
            if (reader != null) {
                reader.stop();
            }
            if (stage != null) {
                stage.stopIntake();
                if (stageThread != null) {
                    stageThread.join(60_000);
                    if (stageThread.isAlive()) {
                        log.warn("miner: stage thread did not finish within 60 s; rolling back");
                        stageThread.interrupt();
                        stageThread.join(5_000);
                    }
                }
            }
            try {
                conn.close();
            } catch (SQLException e) {
                log.debug("staging: close: {}", e.getMessage());
            }
        }
    }

    private MinerState initialState(Optional<MinerState> stored, Connection conn, boolean first)
            throws SQLException, FatalException {
        if (stored.isPresent()) {
            if (first) {
                log.info("miner: resuming from the position stored in staging: {} (last seq {}; binlogfile in my.cnf"
                        + " is ignored)", stored.get().position(), stored.get().lastSeq());
            }
            return stored.get();
        }
        BinlogPosition start = settings.firstStart();
        if (start == null) {
            throw new FatalException("[src.mysql] binlogfile: required on the first start (staging holds no"
                    + " position yet): set it to the binlog file to start reading from", FatalException.EXIT_FATAL);
        }
        long lastSeq = StagingStore.maxStagedSeq(conn);
        if (first) {
            log.info("miner: first start: reading from {} (binlogfile in my.cnf)", start);
        }
        return new MinerState(settings.source().serverId(), start, lastSeq, 0, 0);
    }

    private void supervise(BinlogReader reader, StageLoop stage) throws Exception {
        long lastProgress = System.currentTimeMillis();
        long lastStaged = 0;
        long deadAfter = Math.max(3 * settings.source().heartbeatMillis(), 10_000) + 10_000;
        MinerState sessionStart = stage.committed();
        boolean confirmed = false;
        while (true) {
            boolean ended = reader.awaitEnd(1000);
            long now = System.currentTimeMillis();
            if (!confirmed && stage.committed() != sessionStart && stage.failure() == null) {
                // streaming and a staging commit (data or heartbeat) work again: the next failure starts at 1 s
                supervisor.succeeded();
                confirmed = true;
            }
            wiring.tick();
            wiring.watchRetention(stage.committed().position());
            if (supervisor.stopRequested()) {
                log.info("miner: stop requested; committing whole source transactions and stopping");
                return;
            }
            if (stage.failure() != null) {
                throw asException("staging write failed", stage.failure());
            }
            if (reader.failure() != null) {
                Throwable f = reader.failure();
                if (f instanceof FatalStreamException fse) {
                    throw new FatalException(fse.getMessage(), FatalException.EXIT_FATAL, fse);
                }
                if (ServerIdClash.is(f)) {
                    BinlogReader.Endpoint src = settings.source();
                    throw new FatalException(ServerIdClash.message(src.source().host(), src.source().port(),
                            src.serverId()), FatalException.EXIT_FATAL, f);
                }
                throw asException("source connection lost", f);
            }
            if (ended) {
                throw new java.io.IOException("the source closed the replication connection");
            }
            if (now - reader.lastEventAt() > deadAfter) {
                throw new java.io.IOException("no event or heartbeat from the source for "
                        + (now - reader.lastEventAt()) / 1000 + " s");
            }
            if (now - lastProgress >= settings.progressIntervalMs()) {
                long staged = stage.stagedRows();
                double rate = (staged - lastStaged) * 1000.0 / Math.max(1, now - lastProgress);
                MinerState c = stage.committed();
                long behind = reader.lagSeconds();
                log.info("miner: staged {} rows ({} rows/s), total {}, position {}, {} s behind source",
                        staged - lastStaged, Math.round(rate), staged, c.position(), behind);
                lastStaged = staged;
                lastProgress = now;
            }
        }
    }

    private static Exception asException(String what, Throwable t) {
        if (t instanceof Exception e) {
            return new Exception(what + ": " + e.getMessage(), e);
        }
        return new RuntimeException(what + ": " + t, t);
    }
}
