package io.mysql2gp.loader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.loader.poll.StagedChange;
import io.mysql2gp.loader.poll.StagingCursor;
import io.mysql2gp.loader.poll.StagingRange;
import io.mysql2gp.loader.poll.StagingReader;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loader's share of {@link PipelineBench}, repeated: for before/after comparisons of loader changes
 * without the rest of the benchmark. Stages N inserts then N updates on 10k keys once (miner), then per
 * round resets the target and the loader's checkpoint, restores the staged changes from a copy, and
 * times the loader catching up on the inserts and then on the updates. Also times reading the whole
 * staged range through {@link StagingCursor} alone (no apply), a limit for the loader.
 *
 * <p>Run: {@code mvn -B test -pl binlog-loader -am -Dtest=LoaderBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmysql2gp.test.servers=private [-Dbench.rows=N] [-Dbench.rounds=R] [-Dbench.jfr=true]}.
 */
class LoaderBench {
    static final long N = Long.getLong("bench.rows", 500_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void run() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql("innodb-buffer-pool-size=1G", "innodb-log-file-size=512M");
                PgServer pg = TestServers.newPostgres()) {
            pg.createDatabase("bench_stg");
            pg.createDatabase("bench_tgt");
            BenchSource source = new BenchSource(mysql);
            source.createTables();
            String startFile = source.rotate();
            source.insert("t", 1, N, false);
            source.updateHot(N, PipelineBench.HOT_KEYS);
            source.rotate();
            Deploy dep = Deploy.create(mysql, pg, startFile);
            PipelineBench.log("deployment: %s", dep.dir);
            dep.createTargetTables();
            try (DaemonProcess miner = dep.startMiner()) {
                double rate = dep.awaitProgress(dep::minerSeq, 2 * N, miner, Deploy.MINER_READY);
                assertThat(dep.stop(miner)).isZero();
                PipelineBench.log("miner staged %,d changes at %.0f rows/s", 2 * N, rate);
            }
            double copyTarget;
            try (Connection stg = pg.connect("bench_stg"); Connection tgt = pg.connect("bench_tgt");
                    Statement s1 = stg.createStatement(); Statement s2 = tgt.createStatement()) {
                // the loader purges what it applied: keep a copy to restore before each round
                s1.execute("CREATE TABLE public.saved_changes AS SELECT * FROM " + StagingSchema.CHANGES);
                s2.execute("CREATE TABLE public.bench_copy_t (LIKE public.t INCLUDING ALL)");
                copyTarget = RawCopy.bestRate(tgt, "public.bench_copy_t", N, false, 3);
                s2.execute("DROP TABLE public.bench_copy_t");
                PipelineBench.log("raw COPY into target: %.0f rows/s", copyTarget);
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    long read = readAll(stg);
                    PipelineBench.log("StagingCursor alone: %,d changes read in %.2f s (%.0f rows/s)", read,
                            (System.nanoTime() - t0) / 1e9, read * 1e9 / (System.nanoTime() - t0));
                }
                for (int i = 0; i < 3; i++) {
                    long t0 = System.nanoTime();
                    long read = 0;
                    StagingReader reader = new StagingReader(stg);
                    for (long after = 0; after < 2 * N; after += 100_000) {
                        read += reader.read(after, Math.min(2 * N, after + 100_000), null, c -> { });
                    }
                    PipelineBench.log("StagingReader alone (100k-seq ranges): %,d changes read in %.2f s (%.0f rows/s)",
                            read, (System.nanoTime() - t0) / 1e9, read * 1e9 / (System.nanoTime() - t0));
                }
            }
            try (Connection stg = pg.connect("bench_stg"); Statement st = stg.createStatement()) {
                String q = StagingCursor.sql(StagingRange.after(0)).replace("?", "0");
                for (String fmt : new String[] {"text", "binary", "text", "binary"}) {
                    long t0 = System.nanoTime();
                    st.execute("COPY (" + q + ") TO '/dev/null' (FORMAT " + fmt + ")");
                    PipelineBench.log("server alone, COPY %s of the staging query: %.2f s", fmt, (System.nanoTime() - t0) / 1e9);
                }
                long t0 = System.nanoTime();
                st.execute("COPY (SELECT * FROM " + StagingSchema.CHANGES + ") TO '/dev/null'");
                PipelineBench.log("server alone, COPY of the whole table unordered: %.2f s", (System.nanoTime() - t0) / 1e9);
                try (var rs = st.executeQuery("EXPLAIN ANALYZE " + q)) {
                    while (rs.next()) {
                        PipelineBench.log("  %s", rs.getString(1));
                    }
                }
            }
            long[] src = source.countAndSum("t");
            for (int round = 1; round <= ROUNDS; round++) {
                reset(pg);
                try (DaemonProcess loader = dep.startLoader()) {
                    loader.awaitLog(Deploy.LOADER_READY, 120_000);
                    long t0 = System.nanoTime();
                    if (Boolean.getBoolean("bench.trace")) {
                        Thread tr = new Thread(() -> {
                            try (Connection c = pg.connect("bench_tgt"); Statement st = c.createStatement()) {
                                while (loader.isAlive()) {
                                    long v;
                                    try (var rs = st.executeQuery("SELECT applied_seq FROM mysql2gp.loader_checkpoint")) {
                                        v = rs.next() ? rs.getLong(1) : -1;
                                    } catch (java.sql.SQLException e) {
                                        v = -2;
                                    }
                                    PipelineBench.log("trace %.2f s: applied %d", (System.nanoTime() - t0) / 1e9, v);
                                    Thread.sleep(250);
                                }
                            } catch (Exception e) {
                                PipelineBench.log("trace: %s", e);
                            }
                        });
                        tr.setDaemon(true);
                        tr.start();
                    }
                    long t1 = dep.awaitProgress(dep::appliedSeq, N, loader);
                    long t2 = dep.awaitProgress(dep::appliedSeq, 2 * N, loader);
                    assertThat(dep.stop(loader)).isZero();
                    long[] tgt = dep.targetCountAndSum("t");
                    PipelineBench.log("round %d: loader inserts %.0f rows/s (%.2f x raw COPY), updates %.0f rows/s"
                            + " (%.2f x raw COPY); target %s the source", round, N * 1e9 / (t1 - t0),
                            N * 1e9 / (t1 - t0) / copyTarget, N * 1e9 / (t2 - t1), N * 1e9 / (t2 - t1) / copyTarget,
                            src[0] == tgt[0] && src[1] == tgt[1] ? "equals" : "DIFFERS FROM");
                    assertThat(tgt).isEqualTo(src);
                }
            }
        }
    }

    private static long readAll(Connection stg) throws Exception {
        long n = 0;
        try (StagingCursor c = StagingCursor.open(stg, StagingRange.after(0))) {
            while (true) {
                List<StagedChange> chunk = c.nextChunk(100_000, 16L << 20);
                if (chunk.isEmpty()) {
                    return n;
                }
                n += chunk.size();
            }
        }
    }

    /** Empties the target table and the loader's checkpoint, and puts every staged change back. */
    private static void reset(PgServer pg) throws Exception {
        try (Connection stg = pg.connect("bench_stg"); Connection tgt = pg.connect("bench_tgt");
                Statement s1 = stg.createStatement(); Statement s2 = tgt.createStatement()) {
            s2.execute("TRUNCATE public.t");
            s2.execute("DROP SCHEMA IF EXISTS mysql2gp CASCADE");
            s1.execute("DELETE FROM " + StagingSchema.CHANGES);
            for (long p = 0; p <= StagingSchema.partitionOf(2 * N); p++) {
                s1.execute(StagingSchema.createPartitionSql(p)); // the loader drops applied partitions
            }
            s1.execute("INSERT INTO " + StagingSchema.CHANGES + " SELECT * FROM public.saved_changes");
            s1.execute("VACUUM ANALYZE " + StagingSchema.CHANGES);
            s1.execute("CHECKPOINT");
        }
    }
}
