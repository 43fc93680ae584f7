package io.mysql2gp.miner.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The source server restarted under load, cleanly and by kill -9 of mariadbd: the miner keeps running,
 * reconnects with its backoff, follows the server into the new binlog file each start opens, and stages
 * every committed change exactly once.
 */
class MinerSourceRestartIT {
    private static final boolean[] CRASHES = {false, true, false, true};

    @Test
    void theMinerFollowsTheSourceThroughCleanAndCrashRestarts() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql(); PgServer pg = TestServers.newPostgres()) {
            pg.createDatabase("stg");
            try (Connection c = mysql.connect(null)) {
                Workload.createSchema(c, "rdb", "rother");
            }
            String firstFile = Servers.currentBinlogFile(mysql);
            Deployment dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), "rdb", pg, "stg",
                    firstFile, Workload.LISTED);
            Workload workload = new Workload(23);
            long changes = 60_000;
            AtomicBoolean restartsDone = new AtomicBoolean();
            Random rnd = new Random(5);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection staging = pg.connect("stg"); DaemonProcess miner = DaemonProcess.start(dep.config, dep.log)) {
                Future<?> load = pool.submit(() -> {
                    runThroughRestarts(mysql, workload, changes, restartsDone);
                    return null;
                });
                for (int i = 0; i < CRASHES.length; i++) {
                    MinerReconnectIT.awaitSessions(miner, i + 1);
                    // restart at a random moment once this session has staged something
                    MinerCrashIT.awaitProgress(staging, MinerCrashIT.stagedSeq(staging), miner);
                    Thread.sleep(rnd.nextInt(1500));
                    mysql.restart(CRASHES[i]);
                }
                restartsDone.set(true);
                MinerReconnectIT.awaitSessions(miner, CRASHES.length + 1);
                load.get();
                Servers.awaitCaughtUp(mysql, staging, 180_000, miner);
                // restarted while idle, the source writes no transaction into its new file: the stored
                // position must follow it there all the same (else it looks behind, or purged later)
                mysql.restart(true);
                MinerReconnectIT.awaitSessions(miner, CRASHES.length + 2);
                awaitStoredFile(staging, Servers.masterPosition(mysql)[0], miner);
                assertThat(miner.isAlive()).as("the miner never exited").isTrue();
                assertThat(Servers.minerPosition(staging)[0]).as("binlog file number of the stored position")
                        .isEqualTo(fileNumber(firstFile) + CRASHES.length + 1);
                assertThat(miner.terminate(60)).as("exit code after SIGTERM").isZero();

                StagingReplay replay = StagingReplay.of(staging);
                try (Connection src = mysql.connect("rdb")) {
                    Map<String, Map<String, String>> expected = Map.of(
                            "t_int", SourceSnapshot.read(src, "rdb", "t_int", Workload.T_INT_COLS, List.of("id")),
                            "t_str", SourceSnapshot.read(src, "rdb", "t_str", Workload.T_STR_COLS, List.of("code")),
                            "t_comp", SourceSnapshot.read(src, "rdb", "t_comp", Workload.T_COMP_COLS,
                                    List.of("b", "a")));
                    for (String table : Workload.LISTED) {
                        Map<String, String> got = replay.tables.getOrDefault(table, Map.of());
                        assertThat(got.size()).as("rows of " + table).isEqualTo(expected.get(table).size());
                        assertThat(got).as("rows of " + table).isEqualTo(expected.get(table));
                    }
                }
                assertThat(replay.changes).isGreaterThanOrEqualTo(changes);
                String log = dep.log();
                assertThat(log).doesNotContain("ERROR");
                assertThat(log.split("miner: attempt 1 failed", -1).length - 1).as("first attempts")
                        .isGreaterThanOrEqualTo(CRASHES.length);
                System.out.printf("MinerSourceRestartIT: %d changes staged through %d source restarts%n",
                        replay.changes, CRASHES.length);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Runs the workload until the restarts are over and {@code changes} changes are committed, so that
     * every restart hits a busy source; reconnects while the source restarts.
     */
    private static void runThroughRestarts(MysqlServer mysql, Workload workload, long changes,
            AtomicBoolean restartsDone) throws Exception {
        while (!restartsDone.get() || workload.committedChanges() < changes) {
            try (Connection src = mysql.connect("rdb")) {
                workload.run(src, "rdb", "rother", workload.committedChanges() + 2_000);
            } catch (SQLException e) {
                // the source went away mid-transaction: that transaction is lost or committed, as for any client
                Thread.sleep(200);
            }
        }
    }

    private static void awaitStoredFile(Connection staging, long fileNumber, DaemonProcess miner) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (Servers.minerPosition(staging)[0] != fileNumber) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the stored position stayed at " + Servers.minerPosition(staging)[0]
                        + "; the source writes binlog file number " + fileNumber + "; log:\n" + miner.ownOutput());
            }
            Thread.sleep(100);
        }
    }

    private static long fileNumber(String file) {
        return Long.parseLong(file.substring(file.lastIndexOf('.') + 1));
    }
}
