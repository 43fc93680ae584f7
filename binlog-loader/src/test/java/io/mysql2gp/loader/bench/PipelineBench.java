package io.mysql2gp.loader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The performance benchmark behind {@code scripts/bench.sh} (not a test: named so normal builds skip it).
 * System properties: {@code bench.rows} (default 1,000,000), {@code bench.quick} (100k rows, 5 s lag
 * run, no 5M-row transaction), {@code bench.bigRows} (default 5,000,000), {@code bench.lagSeconds},
 * {@code bench.out} (markdown file to write).
 */
class PipelineBench {
    static final boolean QUICK = Boolean.getBoolean("bench.quick");
    static final long N = Long.getLong("bench.rows", QUICK ? 100_000 : 1_000_000);
    static final long BIG = Long.getLong("bench.bigRows", QUICK ? 0 : 5_000_000);
    static final int LAG_SECONDS = Integer.getInteger("bench.lagSeconds", QUICK ? 5 : 20);
    static final int HOT_KEYS = 10_000;
    static final int CHANGES_PER_SECOND = 10_000;
    static final long TIMEOUT_MS = 30 * 60_000L;

    @Test
    void run() throws Exception {
        Report report = new Report();
        String loadBefore = Machine.loadAverage();
        try (MysqlServer mysql = TestServers.newMysql("innodb-buffer-pool-size=1G", "innodb-log-file-size=512M");
                PgServer pg = TestServers.newPostgres()) {
            pg.createDatabase("bench_stg");
            pg.createDatabase("bench_tgt");
            BenchSource source = new BenchSource(mysql);
            source.createTables();
            String startFile = source.rotate();
            long t0 = System.nanoTime();
            source.insert("t", 1, N, false);
            log("source: %,d rows inserted in %.1f s", N, (System.nanoTime() - t0) / 1e9);
            String endFile = source.rotate();

            // 2. the library alone over the binlog files of the insert range
            List<File> files = binlogFiles(mysql.dataDir(), startFile, endFile);
            LibraryRate.Pass lib = LibraryRate.best(files, false, 3);
            assertThat(lib.rows()).as("rows in the binlog files " + files).isEqualTo(N);
            LibraryRate.Pass enc = LibraryRate.best(files, true, 3);
            log("library: %s; with encoding: %s", lib, enc);

            Deploy dep = Deploy.create(mysql, pg, startFile);
            log("deployment (my.cnf, miner.log, loader.log; kept after the run): %s", dep.dir);
            dep.createTargetTables();

            // 3. raw COPY into a scratch staging table and a scratch copy of the target table
            double copyStaging;
            double copyBlocks;
            double copyTarget;
            try (Connection stg = pg.connect("bench_stg"); Connection tgt = pg.connect("bench_tgt");
                    Statement s1 = stg.createStatement(); Statement s2 = tgt.createStatement()) {
                StagingSchema.migrate(stg);
                // one row per change, as staging was laid out before blocks (and as most designs would)
                s1.execute("CREATE TABLE public.bench_copy_changes (seq bigint NOT NULL, txn bigint NOT NULL,"
                        + " last_in_txn boolean NOT NULL, schema_id integer NOT NULL, tbl text NOT NULL, op \"char\" NOT NULL,"
                        + " key_old text, key_new text, row_new text, binlog_file text NOT NULL, binlog_pos bigint NOT NULL,"
                        + " event_ts timestamptz, PRIMARY KEY (seq))");
                s1.execute("CREATE TABLE public.bench_copy_blocks (LIKE " + StagingSchema.CHANGE_BLOCKS + " INCLUDING ALL)");
                s2.execute("CREATE TABLE public.bench_copy_t (LIKE public.t INCLUDING ALL)");
                copyStaging = RawCopy.bestRate(stg, "public.bench_copy_changes", N, true, 3);
                copyBlocks = RawCopy.bestBlockRate(stg, "public.bench_copy_blocks", N, 3);
                copyTarget = RawCopy.bestRate(tgt, "public.bench_copy_t", N, false, 3);
                s1.execute("DROP TABLE public.bench_copy_changes");
                s1.execute("DROP TABLE public.bench_copy_blocks");
                s2.execute("DROP TABLE public.bench_copy_t");
                s1.execute("CHECKPOINT");
            }
            log("raw COPY: staging %.0f rows/s (one row per change), %.0f rows/s (blocks), target %.0f rows/s",
                    copyStaging, copyBlocks, copyTarget);

            // 4-5. miner alone, then loader alone, on the backlog of N inserts
            double minerInserts;
            double loaderInserts;
            try (DaemonProcess miner = dep.startMiner()) {
                minerInserts = dep.awaitProgress(dep::minerSeq, N, miner, Deploy.MINER_READY);
                assertThat(dep.stop(miner)).isZero();
            }
            try (DaemonProcess loader = dep.startLoader()) {
                loaderInserts = dep.awaitProgress(dep::appliedSeq, N, loader, Deploy.LOADER_READY);
                assertThat(dep.stop(loader)).isZero();
            }
            log("catch-up on inserts: miner %.0f rows/s, loader %.0f rows/s", minerInserts, loaderInserts);

            // 6. N updates on 10k keys, then miner and loader catch-up
            t0 = System.nanoTime();
            source.updateHot(N, HOT_KEYS);
            log("source: %,d updates in %.1f s", N, (System.nanoTime() - t0) / 1e9);
            double minerUpdates;
            double loaderUpdates;
            try (DaemonProcess miner = dep.startMiner()) {
                minerUpdates = dep.awaitProgress(dep::minerSeq, 2 * N, miner, Deploy.MINER_READY);
                assertThat(dep.stop(miner)).isZero();
            }
            try (DaemonProcess loader = dep.startLoader()) {
                loaderUpdates = dep.awaitProgress(dep::appliedSeq, 2 * N, loader, Deploy.LOADER_READY);
                assertThat(dep.stop(loader)).isZero();
            }
            log("catch-up on updates: miner %.0f rows/s, loader %.0f rows/s", minerUpdates, loaderUpdates);

            // 7-8. both daemons running: steady-rate lag, then one big source transaction
            LagProbe.Result lag;
            HeapPeaks heap = null;
            try (DaemonProcess miner = dep.startMiner(); DaemonProcess loader = dep.startLoader()) {
                // steady state: both daemons streaming (JVM start-up and preflight are not lag)
                miner.awaitLog(Deploy.MINER_READY, 120_000);
                loader.awaitLog(Deploy.LOADER_READY, 120_000);
                dep.awaitProgress(dep::appliedSeq, 2 * N, loader);
                lag = new LagProbe(mysql, pg, "bench_tgt").run(CHANGES_PER_SECOND, LAG_SECONDS, loader, miner);
                log("lag: %s", lag);
                if (BIG > 0) {
                    heap = HeapPeaks.measure(dep, source, miner, loader, BIG, 2 * N + lag.rows());
                    log("heap: %s", heap);
                }
                assertThat(dep.stop(loader)).isZero();
                assertThat(dep.stop(miner)).isZero();
            }
            boolean equal = true;
            for (String t : BenchSource.TABLES) {
                long[] src = source.countAndSum(t);
                long[] tgt = dep.targetCountAndSum(t);
                equal &= src[0] == tgt[0] && src[1] == tgt[1];
                log("table %s: source count/sum(a) %d/%d, target %d/%d", t, src[0], src[1], tgt[0], tgt[1]);
            }

            fill(report, lib, enc, copyStaging, copyBlocks, copyTarget, minerInserts, loaderInserts, minerUpdates, loaderUpdates,
                    lag, heap, equal);
            String table = report.table();
            System.out.println("\nmysql2gp benchmark (" + (QUICK ? "quick, " : "") + String.format("%,d", N)
                    + " rows)\n" + table);
            String out = System.getProperty("bench.out");
            if (out != null && !out.isBlank()) {
                String conditions = Report.fmt("Size: %,d rows%s; lag run %d s at %,d changes/s. Load average before"
                        + " the run: %s, after: %s (other jobs shared this machine: figures are noisy).",
                        N, QUICK ? " (quick mode: no 5M-row transaction)" : ", big transaction " + String.format("%,d", BIG)
                        + " rows", LAG_SECONDS, CHANGES_PER_SECOND, loadBefore, Machine.loadAverage());
                report.write(Path.of(out), Machine.describe(mysql, pg), conditions);
                log("wrote %s", out);
            }
            assertThat(equal).as("target count/sum(a) equal to the source for every table").isTrue();
        }
    }

    private static void fill(Report r, LibraryRate.Pass lib, LibraryRate.Pass enc, double copyStaging,
            double copyBlocks, double copyTarget, double minerInserts, double loaderInserts, double minerUpdates, double loaderUpdates,
            LagProbe.Result lag, HeapPeaks heap, boolean equal) {
        r.info("library: binlog read + deserialize (events/s)", Report.fmt("%,.0f events/s", lib.eventsPerSecond()));
        r.info("library: binlog read + deserialize (rows/s)", Report.rate(lib.rowsPerSecond()));
        r.info("library: binlog read + deserialize (MB/s)", Report.fmt("%.1f MB/s", lib.megabytesPerSecond()));
        r.info("library + our decode/encode (RowEncoder)", Report.rate(enc.rowsPerSecond()));
        r.info("raw COPY into staging, one row per change", Report.rate(copyStaging));
        r.info("raw COPY into staging in blocks (binary)", Report.rate(copyBlocks));
        r.info("raw COPY into a copy of the target table", Report.rate(copyTarget));
        double minerLimit = Math.min(lib.rowsPerSecond(), copyStaging);
        r.check("miner catch-up, inserts (rows staged/s)", Report.rate(minerInserts), "≥ 150,000", "", minerInserts >= 150_000);
        r.check("miner inserts / min(library, raw COPY one row per change)", Report.fmt("%.2f", minerInserts / minerLimit),
                "≥ 0.60", Report.fmt("%.2f", minerInserts / minerLimit), minerInserts / minerLimit >= 0.6);
        r.info("miner inserts / library alone", Report.fmt("%.2f (the library's parsing, on one thread, bounds the"
                + " miner's binlog thread; staging in blocks is no limit)", minerInserts / lib.rowsPerSecond()));
        r.info("miner catch-up, updates (rows staged/s)", Report.rate(minerUpdates));
        r.check("loader catch-up, inserts (rows applied/s)", Report.rate(loaderInserts), "≥ 150,000", "", loaderInserts >= 150_000);
        r.check("loader inserts / raw COPY into target", Report.fmt("%.2f", loaderInserts / copyTarget), "≥ 0.50",
                Report.fmt("%.2f", loaderInserts / copyTarget), loaderInserts / copyTarget >= 0.5);
        r.check("loader catch-up, updates on 10k keys", Report.rate(loaderUpdates), "> raw COPY into target",
                Report.fmt("%.2f", loaderUpdates / copyTarget), loaderUpdates > copyTarget);
        r.info("end-to-end lag p50 at 10k changes/s", Report.fmt("%d ms (writer reached %,.0f changes/s)",
                lag.p50Millis(), lag.achievedPerSecond()));
        r.check("end-to-end lag p99 at 10k changes/s", Report.fmt("%d ms", lag.p99Millis()), "< 1,000 ms",
                Report.fmt("%.2f", lag.p99Millis() / 1000.0), lag.p99Millis() < 1000);
        if (heap != null) {
            r.check("miner peak heap, " + bigLabel(), heap.minerText(), "< 512 MB",
                    Report.fmt("%.2f", heap.miner().peakUsedMb() / 512), heap.minerOk());
            r.check("loader peak heap, " + bigLabel(), heap.loaderText(), "< 512 MB",
                    Report.fmt("%.2f", heap.loader().peakUsedMb() / 512), heap.loaderOk());
            r.info(bigLabel() + " timing", heap.timesText());
        } else {
            r.info("peak heap, big transaction", "not measured (quick mode)");
        }
        r.check("target count and sum(a) equal source", equal ? "equal" : "DIFFERENT", "equal", "", equal);
        notes(r);
    }

    private static void notes(Report r) {
        r.note("Source: N rows inserted into `t (id BIGINT PRIMARY KEY, a INT, b VARCHAR(40), c DATETIME(6),"
                + " d DECIMAL(12,2))`, 1,000 rows per statement and transaction, in binlog files of their own.");
        r.note("Library: `BinaryLogFileReader` with `EventDeserializers.create()` over those files (page cache warm),"
                + " best of 3 passes; the second line adds `TableSchemas` + `RowEncoder` (row and key image) per row.");
        r.note("Raw COPY: one `COPY ... FROM STDIN` of N generated rows in one transaction (best of 3 passes, the table"
                + " emptied and a CHECKPOINT before each): into staging one row per change (text COPY into a table with"
                + " the columns of the view `mysql2gp.changes` and a primary key on seq, the staging layout before"
                + " blocks), into staging in blocks (binary COPY of the same rows framed as the miner frames them, into"
                + " `LIKE mysql2gp.change_blocks INCLUDING ALL`, unpartitioned), and into `LIKE public.t INCLUDING ALL`"
                + " on the target.");
        r.note("Catch-up: the daemon alone (the other one stopped) on a backlog; rate = rows / time from the daemon's"
                + " start-up-done log line (miner `streaming from`, loader `target is`) to the poll (every 50 ms) that"
                + " saw all rows: JVM start-up and preflight are excluded, the first poll delays are included."
                + " Miner: `miner_state.last_seq`; loader: `loader_checkpoint.applied_seq`.");
        r.note("Updates: `UPDATE t SET a = a + 1, d = d + 0.01 WHERE id BETWEEN k AND k+999`, cycling over ids 1..10,000:"
                + " N row changes in transactions of 1,000, so each key changes N/10,000 times.");
        r.note("Lag: both daemons running with the default batch settings, measured once both have logged their"
                + " start-up-done line; a writer commits 100-row transactions every 10 ms into `lagt` with `c = UTC_TIMESTAMP(6)`; a poller queries the target every ~10 ms for"
                + " new ids; lag = start of the query that first saw the row − c (includes up to one poll interval).");
        r.note("Daemons: started with the launchers' default JVM options (`bin/jvm.options`: -Xms64m -Xmx512m, G1; the"
                + " loader with -XX:TieredStopAtLevel=1).");
        r.note("Heap: `jstat -gc <pid> 250` on each daemon JVM, peak of S0U+S1U+EU+OU"
                + " (used heap including garbage not yet collected), while one source transaction of 5M rows into `big`"
                + " is staged and applied.");
        r.note("Servers: private MariaDB 1 GB buffer pool, innodb_flush_log_at_trx_commit=2; private PostgreSQL"
                + " with fsync=off (both for the limits and the daemons alike); everything on one machine over loopback.");
    }

    static String bigLabel() {
        return BIG % 1_000_000 == 0 ? (BIG / 1_000_000) + "M-row transaction" : String.format("%,d-row transaction", BIG);
    }

    static List<File> binlogFiles(Path dataDir, String first, String afterLast) throws Exception {
        List<File> out = new ArrayList<>();
        try (var s = Files.list(dataDir)) {
            s.map(Path::getFileName).map(Path::toString).filter(n -> n.matches(".*\\.\\d{6}"))
                    .filter(n -> n.compareTo(first) >= 0 && n.compareTo(afterLast) < 0).sorted()
                    .forEach(n -> out.add(dataDir.resolve(n).toFile()));
        }
        return out;
    }

    static void log(String pattern, Object... args) {
        System.out.println("bench: " + String.format(pattern, args));
        System.out.flush();
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    static String queryLongOrText(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }
}
