package io.mysql2gp.loader.bench;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end lag at a steady change rate: a writer commits 100-row transactions every 10 ms with
 * {@code c = UTC_TIMESTAMP(6)}, a poller notes when each row first shows on the target.
 */
final class LagProbe {
    private static final int ROWS_PER_TXN = 100;

    /** Lags of all rows, the rows written and the rate the writer reached. */
    record Result(long rows, long p50Millis, long p99Millis, long maxMillis, double achievedPerSecond) {}

    private final MysqlServer mysql;
    private final PgServer pg;
    private final String targetDb;

    LagProbe(MysqlServer mysql, PgServer pg, String targetDb) {
        this.mysql = mysql;
        this.pg = pg;
        this.targetDb = targetDb;
    }

    Result run(int perSecond, int seconds, DaemonProcess loader, DaemonProcess miner) throws Exception {
        long total = (long) perSecond * seconds / ROWS_PER_TXN * ROWS_PER_TXN;
        long[] lags = new long[(int) total];
        AtomicLong written = new AtomicLong();
        AtomicLong writerNanos = new AtomicLong();
        Exception[] writerError = new Exception[1];
        Thread writer = new Thread(() -> {
            try {
                write(total, perSecond, written, writerNanos);
            } catch (Exception e) {
                writerError[0] = e;
            }
        }, "bench-lag-writer");
        writer.start();
        long seen = 0;
        long deadline = System.currentTimeMillis() + seconds * 1000L + 120_000;
        try (Connection t = pg.connect(targetDb);
                PreparedStatement q = t.prepareStatement("SELECT id, c FROM public.lagt WHERE id > ? ORDER BY id")) {
            while (seen < total) {
                Instant snapshot = Instant.now();
                q.setLong(1, seen);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Instant committed = rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC);
                        lags[(int) (id - 1)] = Math.max(0, snapshot.toEpochMilli() - committed.toEpochMilli());
                        seen = Math.max(seen, id);
                    }
                }
                if (System.currentTimeMillis() > deadline || !loader.isAlive() || !miner.isAlive()) {
                    throw new AssertionError("lag run: only " + seen + " of " + total + " rows reached the target;"
                            + " loader log:\n" + loader.ownOutput());
                }
                Thread.sleep(10);
            }
        }
        writer.join();
        if (writerError[0] != null) {
            throw writerError[0];
        }
        long[] sorted = lags.clone();
        Arrays.sort(sorted);
        return new Result(total, sorted[(int) (total * 0.50)], sorted[(int) Math.min(total - 1, total * 0.99)],
                sorted[(int) total - 1], written.get() * 1e9 / writerNanos.get());
    }

    private void write(long total, int perSecond, AtomicLong written, AtomicLong nanos) throws Exception {
        long periodNanos = 1_000_000_000L * ROWS_PER_TXN / perSecond;
        try (Connection c = mysql.connect(BenchSource.DB); Statement st = c.createStatement()) {
            StringBuilder sql = new StringBuilder(ROWS_PER_TXN * 80);
            long start = System.nanoTime();
            for (long k = 0; k * ROWS_PER_TXN < total; k++) {
                long due = start + k * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                sql.setLength(0);
                sql.append("INSERT INTO lagt VALUES ");
                for (long id = k * ROWS_PER_TXN + 1; id <= (k + 1) * ROWS_PER_TXN; id++) {
                    if (id > k * ROWS_PER_TXN + 1) {
                        sql.append(',');
                    }
                    BenchSource.appendRow(sql, id, "UTC_TIMESTAMP(6)");
                }
                st.executeUpdate(sql.toString());
                written.addAndGet(ROWS_PER_TXN);
            }
            nanos.set(System.nanoTime() - start);
        }
    }
}
