package io.mysql2gp.miner.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.model.Op;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class QueueSinkTest {
    private static StagedRow row(int i) {
        return new StagedRow("t", 1, Op.INSERT, null, Integer.toString(i), i + "\tx", "binlog.000001", 4, 0);
    }

    @Test
    void rowsTravelInListsAndATransactionEndSendsThoseGatheredBeforeIt() throws Exception {
        BlockingQueue<QueueSink.Item> queue = new ArrayBlockingQueue<>(100);
        QueueSink sink = new QueueSink(queue, new Semaphore(10_000), () -> false);
        for (int i = 0; i < QueueSink.BATCH_ROWS + 5; i++) {
            sink.row(row(i));
        }
        assertThat(queue).hasSize(1);
        sink.commit(new BinlogPosition("binlog.000001", 100, null), 0);
        sink.schema(2, null, null);
        sink.row(row(999));
        sink.schema(3, null, null);
        assertThat(queue.stream().map(i -> i instanceof QueueSink.RowsItem r ? "rows " + r.rows().size()
                : i.getClass().getSimpleName())).containsExactly("rows " + QueueSink.BATCH_ROWS, "rows 5", "CommitItem",
                        "SchemaItem", "rows 1", "SchemaItem");
    }

    @Test
    @Timeout(10)
    void rowsInFlightAreBoundedByCreditsThatTheStageThreadGivesBack() throws Exception {
        BlockingQueue<QueueSink.Item> queue = new ArrayBlockingQueue<>(100);
        Semaphore credits = new Semaphore(QueueSink.BATCH_ROWS);
        QueueSink sink = new QueueSink(queue, credits, () -> false);
        AtomicInteger sent = new AtomicInteger();
        Thread reader = new Thread(() -> {
            try {
                for (int i = 0; i < 3 * QueueSink.BATCH_ROWS; i++) {
                    sink.row(row(i));
                    sent.incrementAndGet();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        QueueSink.RowsItem first = (QueueSink.RowsItem) queue.poll(5, TimeUnit.SECONDS);
        assertThat(first.rows()).hasSize(QueueSink.BATCH_ROWS);
        Thread.sleep(300);
        assertThat(queue).as("the second list waits for credits").isEmpty();
        assertThat(sent.get()).isEqualTo(2 * QueueSink.BATCH_ROWS - 1);
        credits.release(first.rows().size()); // written by the stage thread
        assertThat(((QueueSink.RowsItem) queue.poll(5, TimeUnit.SECONDS)).rows()).hasSize(QueueSink.BATCH_ROWS);
        credits.release(QueueSink.BATCH_ROWS);
        reader.join(5_000);
        assertThat(sent.get()).isEqualTo(3 * QueueSink.BATCH_ROWS);
    }

    @Test
    @Timeout(10)
    void aReaderWaitingForCreditsGivesUpWhenTheStageThreadStopped() {
        AtomicBoolean stopped = new AtomicBoolean();
        QueueSink sink = new QueueSink(new ArrayBlockingQueue<>(100), new Semaphore(0), stopped::get);
        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.set(true);
        }).start();
        assertThatThrownBy(() -> {
            for (int i = 0; i < QueueSink.BATCH_ROWS; i++) {
                sink.row(row(i));
            }
        }).isInstanceOf(InterruptedException.class).hasMessage("stage thread stopped");
    }
}
