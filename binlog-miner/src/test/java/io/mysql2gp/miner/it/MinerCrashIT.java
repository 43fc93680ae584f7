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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the miner 20 times at random moments during a randomized multi-table workload (large
 * transactions included), restarting it each time:
 * every committed source change is staged exactly once (checked by replaying staging against the
 * source's final contents).
 */
class MinerCrashIT {
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);
    static final int KILLS = 20;

    static long stagedSeq(Connection staging) {
        try (java.sql.Statement st = staging.createStatement();
                java.sql.ResultSet rs = st.executeQuery("SELECT last_seq FROM mysql2gp.miner_state")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }

    /** Waits until staging holds a seq above {@code after}; returns it. */
    static long awaitProgress(Connection staging, long after, DaemonProcess miner) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.sql.Statement st = staging.createStatement();
                    java.sql.ResultSet rs = st.executeQuery("SELECT last_seq FROM mysql2gp.miner_state")) {
                if (rs.next() && rs.getLong(1) > after) {
                    return rs.getLong(1);
                }
            } catch (java.sql.SQLException e) {
                // schema not created yet
            }
            if (!miner.isAlive()) {
                throw new AssertionError("miner exited; log:\n" + miner.output());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("miner staged nothing new within 60 s; log:\n" + miner.output());
    }

    @Test
    void killingTheMinerRepeatedlyNeitherLosesNorDuplicatesAChange() throws Exception {
        MysqlServer mysql = TestServers.mysql();
        PgServer pg = TestServers.postgres();
        pg.createDatabase("stg_crash");
        String start = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "DROP DATABASE IF EXISTS crash_db", "DROP DATABASE IF EXISTS crash_other");
        try (Connection c = mysql.connect(null)) {
            Workload.createSchema(c, "crash_db", "crash_other");
        }
        Deployment dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), "crash_db", pg, "stg_crash",
                start, Workload.LISTED);
        Workload workload = new Workload(42);
        long changes = 100_000L * SCALE;
        Random rnd = new Random(7);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int kills = 0;
        try (Connection src = mysql.connect("crash_db"); Connection staging = pg.connect("stg_crash")) {
            AtomicBoolean killsDone = new AtomicBoolean();
            // the load goes on until the last kill, so that every kill hits a miner with work in flight;
            // past its size it slows down, which keeps the run short
            Future<?> load = pool.submit(() -> {
                while (!killsDone.get() || workload.committedChanges() < changes) {
                    boolean extra = workload.committedChanges() >= changes;
                    workload.run(src, "crash_db", "crash_other", workload.committedChanges() + (extra ? 100 : 2_000));
                    if (extra) {
                        Thread.sleep(500);
                    }
                }
                return null;
            });
            long began = System.nanoTime();
            DaemonProcess miner = DaemonProcess.start(dep.config, dep.log);
            while (kills < KILLS) {
                // kill only once this run streams and has staged something, at a random moment after that
                miner.awaitLog("miner: streaming from", 60_000);
                awaitProgress(staging, stagedSeq(staging), miner);
                Thread.sleep(rnd.nextInt(1500));
                miner.kill9();
                kills++;
                assertThat(dep.log()).doesNotContain("ERROR");
                miner = DaemonProcess.start(dep.config, dep.log);
            }
            killsDone.set(true);
            load.get();
            miner.awaitLog("miner: streaming from", 60_000);
            Servers.awaitCaughtUp(mysql, staging, 180_000, miner);
            assertThat(miner.terminate(60)).as("exit code after SIGTERM").isZero();

            StagingReplay replay = StagingReplay.of(staging);
            Map<String, Map<String, String>> expected = Map.of(
                    "t_int", SourceSnapshot.read(src, "crash_db", "t_int", Workload.T_INT_COLS, List.of("id")),
                    "t_str", SourceSnapshot.read(src, "crash_db", "t_str", Workload.T_STR_COLS, List.of("code")),
                    "t_comp", SourceSnapshot.read(src, "crash_db", "t_comp", Workload.T_COMP_COLS, List.of("b", "a")));
            for (String table : Workload.LISTED) {
                Map<String, String> got = replay.tables.getOrDefault(table, Map.of());
                assertThat(got.size()).as("rows of " + table).isEqualTo(expected.get(table).size());
                assertThat(got).as("rows of " + table).isEqualTo(expected.get(table));
            }
            assertThat(replay.tables.keySet()).containsExactlyInAnyOrderElementsOf(Workload.LISTED);
            assertThat(replay.changes).isGreaterThanOrEqualTo(changes);
            assertThat(kills).isEqualTo(KILLS);
            assertThat(dep.log()).contains("resuming from the position stored in staging");
            System.out.printf("MinerCrashIT: %d changes staged through %d kill -9 in %d s%n", replay.changes, kills,
                    (System.nanoTime() - began) / 1_000_000_000L);
        } finally {
            pool.shutdownNow();
        }
    }
}
