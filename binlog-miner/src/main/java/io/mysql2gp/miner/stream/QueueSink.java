package io.mysql2gp.miner.stream;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded hand-over between the binlog reader thread and the stage thread. Rows in flight are
 * bounded by credits ({@link #rowCredits}: the stage thread gives a list's back once it has written
 * it); running out blocks the reader (and so the source connection): memory stays bounded whatever the
 * transaction size. Rows travel in lists of up to {@link #BATCH_ROWS} (one queue operation, and at
 * most one wake-up of the stage thread, per list rather than per row); a schema or the end of a
 * transaction sends the rows gathered before it. Gives up when {@code abandoned} turns true (the
 * stage thread failed). Used by the reader thread only.
 */
public final class QueueSink implements ChangeSink {
    /** One queued item. */
    public sealed interface Item permits SchemaItem, RowsItem, CommitItem {}

    public record SchemaItem(int schemaId, TableSchema schema, BinlogPosition at) implements Item {}

    /** Rows of the current source transaction, in binlog order. */
    public record RowsItem(List<StagedRow> rows) implements Item {}

    /** Rows per {@link RowsItem} at most. */
    public static final int BATCH_ROWS = 128;

    public record CommitItem(BinlogPosition after, long eventTimeMillis) implements Item {}

    private final BlockingQueue<Item> queue;
    private final Semaphore rowCredits;
    private final BooleanSupplier abandoned;
    private List<StagedRow> rows = new ArrayList<>(BATCH_ROWS);

    /**
     * @param queue      the items for the stage thread (schemas and transaction ends take one each, so it
     *                   should hold many)
     * @param rowCredits rows that may be in flight; the stage thread releases a list's rows once written
     */
    public QueueSink(BlockingQueue<Item> queue, Semaphore rowCredits, BooleanSupplier abandoned) {
        this.queue = queue;
        this.rowCredits = rowCredits;
        this.abandoned = abandoned;
    }

    public BlockingQueue<Item> queue() {
        return queue;
    }

    @Override
    public void schema(int schemaId, TableSchema schema, BinlogPosition firstSeenAt) throws InterruptedException {
        sendRows();
        put(new SchemaItem(schemaId, schema, firstSeenAt));
    }

    @Override
    public void row(StagedRow row) throws InterruptedException {
        rows.add(row);
        if (rows.size() >= BATCH_ROWS) {
            sendRows();
        }
    }

    @Override
    public void commit(BinlogPosition after, long eventTimeMillis) throws InterruptedException {
        sendRows();
        put(new CommitItem(after, eventTimeMillis));
    }

    private void sendRows() throws InterruptedException {
        if (!rows.isEmpty()) {
            while (!rowCredits.tryAcquire(rows.size(), 200, TimeUnit.MILLISECONDS)) {
                if (abandoned.getAsBoolean()) {
                    throw new InterruptedException("stage thread stopped");
                }
            }
            put(new RowsItem(rows));
            rows = new ArrayList<>(BATCH_ROWS);
        }
    }

    private void put(Item item) throws InterruptedException {
        while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
            if (abandoned.getAsBoolean()) {
                throw new InterruptedException("stage thread stopped");
            }
        }
    }
}
