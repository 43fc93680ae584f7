package io.mysql2gp.loader.run;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the chunks of one batch on a thread of its own, up to {@link #AHEAD} chunks ahead of the
 * caller, so that reading staging overlaps with merging and writing to the target. At most
 * {@code AHEAD + 2} chunks are held: the caller's, those queued, and the one being read. The reading thread owns the
 * staging connection until {@link #close()} returns.
 */
final class ChunkPrefetcher<T> implements AutoCloseable {
    /** Reads the whole batch on the reading thread, handing its chunks over one by one in seq order. */
    interface Source<T> {
        void read(Handoff<T> out) throws SQLException;
    }

    /** Hands a chunk to the applying thread. */
    interface Handoff<T> {
        /**
         * Waits until the applying thread takes {@code chunk} (not empty).
         *
         * @throws Closed once the prefetcher is closed: the source stops reading (it need not catch it)
         */
        void hand(List<T> chunk) throws Closed;
    }

    /** Thrown to the source when nobody will take its chunks any more. */
    static final class Closed extends RuntimeException {
        Closed() {
            super("the batch's reader was closed", null, false, false);
        }
    }

    private record Failure(Throwable cause) {}

    private final Source<T> source;
    /**
     * Chunks read ahead and not yet taken: enough small chunks that reading goes on while the caller
     * spends a while writing to the target, few enough to bound the heap.
     */
    static final int AHEAD = 8;

    private final BlockingQueue<Object> handoff = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    ChunkPrefetcher(Source<T> source) {
        this.source = source;
        this.thread = new Thread(this::read, "loader-read");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            source.read(chunk -> {
                if (!chunk.isEmpty() && !hand(chunk)) {
                    throw new Closed();
                }
            });
            hand(List.of());
        } catch (Closed c) {
            // nobody waits for more
        } catch (Throwable t) {
            hand(new Failure(t));
        }
    }

    /** Waits until the caller takes {@code o}; false once closed. */
    private boolean hand(Object o) {
        try {
            while (!closed) {
                if (handoff.offer(o, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next chunk of the batch; empty at its end. Rethrows what reading threw. */
    List<T> next() throws SQLException {
        if (ended) {
            return List.of();
        }
        Object o;
        try {
            o = handoff.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("loader: interrupted while waiting for staged changes", e);
        }
        if (o instanceof Failure f) {
            ended = true;
            if (f.cause() instanceof SQLException e) {
                throw e;
            }
            if (f.cause() instanceof RuntimeException e) {
                throw e;
            }
            if (f.cause() instanceof Error e) {
                throw e;
            }
            throw new SQLException(f.cause());
        }
        @SuppressWarnings("unchecked")
        List<T> chunk = (List<T>) o;
        ended = chunk.isEmpty();
        return chunk;
    }

    /** Stops reading (after the chunk being read, if any) and waits for the reading thread. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
