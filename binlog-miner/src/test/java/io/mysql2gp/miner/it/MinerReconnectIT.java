package io.mysql2gp.miner.it;

import io.mysql2gp.testsupport.Workload;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.DaemonProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The replication connection killed on the source and the staging server restarted under load:
 * the miner reconnects by itself (logging each attempt) and still stages every change exactly once.
 */
class MinerReconnectIT {
    @Test
    void theMinerRecoversFromLostSourceAndStagingConnectionsByItself() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql(); PgServer pg = TestServers.newPostgres()) {
            pg.createDatabase("stg");
            try (Connection c = mysql.connect(null)) {
                Workload.createSchema(c, "rdb", "rother");
            }
            Deployment dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), "rdb", pg, "stg",
                    Servers.currentBinlogFile(mysql), Workload.LISTED);
            Workload workload = new Workload(11);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection src = mysql.connect("rdb"); DaemonProcess miner = DaemonProcess.start(dep.config, dep.log)) {
                awaitSessions(miner, 1);
                Future<?> load = pool.submit(() -> {
                    workload.run(src, "rdb", "rother", 40_000);
                    return null;
                });
                // each disruption must hit a streaming miner: wait for the new session before the next one
                Thread.sleep(1500);
                killReplicationConnections(mysql);
                awaitSessions(miner, 2);
                miner.awaitLog("miner: succeeded after 1 failed attempt", 60_000);
                pg.stop(false);
                Thread.sleep(3000);
                pg.start();
                awaitSessions(miner, 3);
                awaitCount(miner, "miner: succeeded after", 2);
                pg.stop(true);
                pg.start();
                awaitSessions(miner, 4);
                load.get();
                try (Connection staging = pg.connect("stg")) {
                    Servers.awaitCaughtUp(mysql, staging, 180_000, miner);
                    assertThat(miner.isAlive()).as("the miner never exited").isTrue();
                    assertThat(miner.terminate(60)).isZero();
                    StagingReplay replay = StagingReplay.of(staging);
                    Map<String, String> tInt = SourceSnapshot.read(src, "rdb", "t_int", Workload.T_INT_COLS, List.of("id"));
                    Map<String, String> tStr = SourceSnapshot.read(src, "rdb", "t_str", Workload.T_STR_COLS, List.of("code"));
                    Map<String, String> tComp = SourceSnapshot.read(src, "rdb", "t_comp", Workload.T_COMP_COLS,
                            List.of("b", "a"));
                    assertThat(replay.tables.get("t_int")).isEqualTo(tInt);
                    assertThat(replay.tables.get("t_str")).isEqualTo(tStr);
                    assertThat(replay.tables.get("t_comp")).isEqualTo(tComp);
                }
                String log = dep.log();
                assertThat(log).contains("miner: attempt 1 failed");
                // each recovery is recorded, so each of the three disruptions starts the backoff afresh
                assertThat(log.split("miner: attempt 1 failed", -1).length - 1).as("first attempts")
                        .isGreaterThanOrEqualTo(3);
                assertThat(sessions(log)).as("sessions").isGreaterThanOrEqualTo(4);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static int sessions(String log) {
        return log.split("miner: streaming from", -1).length - 1;
    }

    /** Waits until the miner has logged {@code what} {@code n} times. */
    private static void awaitCount(DaemonProcess miner, String what, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (miner.ownOutput().split(what, -1).length - 1 < n) {
            if (!miner.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("miner did not log '" + what + "' " + n + " times; log:\n" + miner.ownOutput());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until the miner has started streaming {@code n} times (its first session counts as 1). */
    static void awaitSessions(DaemonProcess miner, int n) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (sessions(miner.ownOutput()) < n) {
            if (!miner.isAlive()) {
                throw new AssertionError("miner exited; log:\n" + miner.ownOutput());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("miner did not start streaming session " + n + " within 90 s; log:\n"
                        + miner.ownOutput());
            }
            Thread.sleep(50);
        }
    }

    static void killReplicationConnections(MysqlServer mysql) throws Exception {
        try (Connection c = mysql.connect(null); Statement st = c.createStatement()) {
            int killed = 0;
            try (ResultSet rs = st.executeQuery("SELECT id FROM information_schema.PROCESSLIST WHERE command LIKE 'Binlog Dump%'")) {
                List<Long> ids = new java.util.ArrayList<>();
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
                for (long id : ids) {
                    try (Statement k = c.createStatement()) {
                        k.execute("KILL " + id);
                        killed++;
                    }
                }
            }
            assertThat(killed).as("replication connections killed").isPositive();
        }
    }
}
