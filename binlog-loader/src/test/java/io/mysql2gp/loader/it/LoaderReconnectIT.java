package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL server holding staging and target restarted twice (fast, then immediate stop) while
 * both daemons work under load: both reconnect by themselves, logging each attempt, and the target
 * ends equal to the source.
 */
class LoaderReconnectIT {
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);
    static final long CHANGES = 20_000L * SCALE;

    @Test
    void bothDaemonsRecoverFromPostgresRestartsByThemselves() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql(); PgServer pg = TestServers.newPostgres()) {
            Pipeline p = new Pipeline(mysql, pg, "lrecon", "");
            p.createTargetTables();
            Workload workload = new Workload(21, true);
            AtomicBoolean disruptionsDone = new AtomicBoolean();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                    Connection src = mysql.connect(p.db)) {
                loader.awaitLog("target is", 60_000);
                miner.awaitLog("miner: streaming from", 60_000);
                // load in steps until both restarts are over, so that each one hits daemons at work
                Future<?> load = pool.submit(() -> {
                    for (long goal = 2_000; goal <= CHANGES || !disruptionsDone.get(); goal += 2_000) {
                        workload.run(src, p.db, "lrecon_other", goal);
                    }
                    return null;
                });
                awaitSomethingApplied(p, loader);

                pg.stop(false);
                Thread.sleep(3000);
                pg.start();
                awaitCount(miner, "miner: streaming from", 2, miner, loader);
                awaitCount(loader, "loader: succeeded after", 1, miner, loader);

                pg.stop(true);
                pg.start();
                awaitCount(miner, "miner: streaming from", 3, miner, loader);
                awaitCount(loader, "loader: succeeded after", 2, miner, loader);
                disruptionsDone.set(true);
                load.get();

                p.awaitApplied(miner, loader, 240_000);
                p.assertTargetEqualsSource();
                assertThat(miner.isAlive()).as("the miner never exited").isTrue();
                assertThat(loader.isAlive()).as("the loader never exited").isTrue();
                assertThat(miner.ownOutput()).contains("miner: attempt 1 failed");
                assertThat(loader.ownOutput()).contains("loader: attempt 1 failed").doesNotContain("paused from");
                assertThat(loader.terminate(60)).isZero();
                assertThat(miner.terminate(60)).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void awaitSomethingApplied(Pipeline p, DaemonProcess loader) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        try (Connection target = p.pg.connect(p.targetDb)) {
            while (true) {
                try (java.sql.Statement st = target.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                        "SELECT applied_seq FROM mysql2gp.loader_checkpoint")) {
                    if (rs.next() && rs.getLong(1) > 0) {
                        return;
                    }
                } catch (java.sql.SQLException e) {
                    // not created yet
                }
                if (!loader.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new AssertionError("the loader applied nothing; log:\n" + loader.ownOutput());
                }
                Thread.sleep(100);
            }
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    /** Waits until {@code daemon} has logged {@code what} at least {@code n} times; fails if either daemon exits. */
    private static void awaitCount(DaemonProcess daemon, String what, int n, DaemonProcess miner, DaemonProcess loader)
            throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (count(daemon.ownOutput(), what) < n) {
            for (DaemonProcess d : new DaemonProcess[] {miner, loader}) {
                if (!d.isAlive()) {
                    throw new AssertionError((d == miner ? "miner" : "loader") + " exited; log:\n" + d.ownOutput());
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("'" + what + "' not logged " + n + " times within 120 s; log:\n"
                        + daemon.ownOutput());
            }
            Thread.sleep(50);
        }
    }
}
