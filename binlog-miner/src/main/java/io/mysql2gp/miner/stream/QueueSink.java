package io.mysql2gp.miner.stream;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.schema.TableSchema;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The bounded hand-over between the binlog reader thread and the stage thread. A full queue
 * blocks the reader (and so the source connection): memory stays bounded whatever the
 * transaction size. Gives up when {@code abandoned} turns true (the stage thread failed).
 */
public final class QueueSink implements ChangeSink {
    /** One queued item. */
    public sealed interface Item permits SchemaItem, RowItem, CommitItem {}

    public record SchemaItem(int schemaId, TableSchema schema, BinlogPosition at) implements Item {}

    public record RowItem(StagedRow row) implements Item {}

    public record CommitItem(BinlogPosition after, long eventTimeMillis) implements Item {}

    private final BlockingQueue<Item> queue;
    private final BooleanSupplier abandoned;

    public QueueSink(BlockingQueue<Item> queue, BooleanSupplier abandoned) {
        this.queue = queue;
        this.abandoned = abandoned;
    }

    public BlockingQueue<Item> queue() {
        return queue;
    }

    @Override
    public void schema(int schemaId, TableSchema schema, BinlogPosition firstSeenAt) throws InterruptedException {
        put(new SchemaItem(schemaId, schema, firstSeenAt));
    }

    @Override
    public void row(StagedRow row) throws InterruptedException {
        put(new RowItem(row));
    }

    @Override
    public void commit(BinlogPosition after, long eventTimeMillis) throws InterruptedException {
        put(new CommitItem(after, eventTimeMillis));
    }

    private void put(Item item) throws InterruptedException {
        while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
            if (abandoned.getAsBoolean()) {
                throw new InterruptedException("stage thread stopped");
            }
        }
    }
}
