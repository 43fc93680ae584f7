package io.mysql2gp.miner.stage;

import io.mysql2gp.common.metrics.Metrics;

import io.mysql2gp.miner.stream.QueueSink;
import io.mysql2gp.miner.stream.StagedRow;
import java.sql.SQLException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stage thread: takes decoded items off the queue and writes them with a
 * {@link StagingWriter}, committing at source transaction boundaries once enough rows or time
 * have gathered, and refreshing the stored position as a heartbeat when nothing is staged.
 */
public final class StageLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(StageLoop.class);

    private final StagingWriter writer;
    private final BlockingQueue<QueueSink.Item> queue;
    private final Semaphore rowCredits;
    private final int batchRows;
    private final long flushIntervalMs;
    private final long heartbeatMs;
    private volatile boolean intakeStopped;
    private volatile Throwable failure;
    private volatile boolean finished;
    private final AtomicLong stagedRows = new AtomicLong();
    private long pendingSince;
    private long lastCommitAt = System.currentTimeMillis();

    /** @param rowCredits given back for the rows of each list written (see {@link QueueSink}) */
    public StageLoop(StagingWriter writer, BlockingQueue<QueueSink.Item> queue, Semaphore rowCredits, int batchRows,
            long flushIntervalMs, long heartbeatMs) {
        this.writer = writer;
        this.queue = queue;
        this.rowCredits = rowCredits;
        this.batchRows = batchRows;
        this.flushIntervalMs = flushIntervalMs;
        this.heartbeatMs = heartbeatMs;
    }

    /** Tells the loop no more items will come: it drains the queue, commits whole transactions, ends. */
    public void stopIntake() {
        intakeStopped = true;
    }

    public Throwable failure() {
        return failure;
    }

    public boolean finished() {
        return finished;
    }

    /** Rows committed to staging so far by this loop. */
    public long stagedRows() {
        return stagedRows.get();
    }

    public MinerState committed() {
        return writer.committed();
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.rollback();
        } catch (Throwable t) {
            failure = t;
            writer.rollback();
        } finally {
            finished = true;
        }
    }

    private void loop() throws InterruptedException, SQLException {
        while (true) {
            QueueSink.Item item = queue.poll(50, TimeUnit.MILLISECONDS);
            long now = System.currentTimeMillis();
            if (item == null) {
                if (intakeStopped) {
                    finish();
                    return;
                }
                if (writer.hasPendingCommit() && !writer.inSourceTransaction() && now - pendingSince >= flushIntervalMs) {
                    commit(now);
                } else if (!writer.inSourceTransaction() && now - lastCommitAt >= heartbeatMs) {
                    commit(now);
                }
                continue;
            }
            if (item instanceof QueueSink.SchemaItem s) {
                writer.schema(s.schemaId(), s.schema(), s.at());
            } else if (item instanceof QueueSink.RowsItem r) {
                for (StagedRow row : r.rows()) {
                    writer.row(row);
                }
                rowCredits.release(r.rows().size());
            } else if (item instanceof QueueSink.CommitItem c) {
                if (!writer.hasPendingCommit()) {
                    pendingSince = now;
                }
                writer.endSourceTransaction(c.after(), c.eventTimeMillis());
                if (intakeStopped || writer.pendingRows() >= batchRows || now - pendingSince >= flushIntervalMs) {
                    commit(now);
                }
            }
        }
    }

    private void finish() throws SQLException {
        if (writer.inSourceTransaction()) {
            // the unfinished source transaction is re-read from the stored position next time
            log.info("stage: dropping the unfinished source transaction; it is re-read at the next start");
            writer.rollback();
        } else if (writer.hasPendingCommit()) {
            commit(System.currentTimeMillis());
        }
    }

    private void commit(long now) throws SQLException {
        long rows = writer.pendingRows();
        long start = System.nanoTime();
        writer.commit();
        Metrics.BATCH_SECONDS.labelValues("miner").observe((System.nanoTime() - start) / 1e9);
        stagedRows.addAndGet(rows);
        lastCommitAt = now;
        if (rows > 0 && log.isDebugEnabled()) {
            log.debug("stage: committed {} rows up to {}", rows, writer.committed().position());
        }
    }
}
