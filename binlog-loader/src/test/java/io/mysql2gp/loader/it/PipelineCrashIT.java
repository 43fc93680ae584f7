package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the miner and of the loader, taking turns at random moments of a randomized multi-table
 * workload with large transactions: the target still ends equal to the source, row by row.
 */
class PipelineCrashIT {
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);
    static final int KILLS_EACH = 20;

    @Test
    void killingBothDaemonsRepeatedlyNeitherLosesNorRepeatsAChange() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "pcrash", "max_batch_rows = \"5000\"");
        p.createTargetTables();
        Random rnd = new Random(5);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int minerKills = 0;
        int loaderKills = 0;
        DaemonProcess miner = p.startMiner();
        DaemonProcess loader = p.startLoader();
        try (Connection src = p.mysql.connect(p.db)) {
            Future<?> load = pool.submit(() -> {
                new Workload(8, true).run(src, p.db, "pcrash_other", 100_000L * SCALE);
                return null;
            });
            while (!load.isDone() || minerKills < KILLS_EACH || loaderKills < KILLS_EACH) {
                // only once the daemon works (not during its start-up), at a random moment after that
                if (minerKills <= loaderKills) {
                    miner.awaitLog("miner: streaming from", 60_000);
                    Thread.sleep(rnd.nextInt(1500));
                    miner.kill9();
                    minerKills++;
                    miner = p.startMiner();
                } else {
                    loader.awaitLog("target is", 60_000);
                    Thread.sleep(rnd.nextInt(1500));
                    loader.kill9();
                    loaderKills++;
                    loader = p.startLoader();
                }
            }
            load.get();
            miner.awaitLog("miner: streaming from", 60_000);
            loader.awaitLog("target is", 60_000);
            p.awaitApplied(miner, loader, 240_000);
            p.assertTargetEqualsSource();
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
            assertThat(p.dep.loaderLog.toFile()).content().doesNotContain("ERROR");
            assertThat(p.dep.log.toFile()).content().doesNotContain("ERROR");
            System.out.printf("PipelineCrashIT: %d kill -9 of the miner, %d of the loader%n", minerKills, loaderKills);
        } finally {
            pool.shutdownNow();
            miner.close();
            loader.close();
        }
        assertThat(minerKills).isGreaterThanOrEqualTo(KILLS_EACH);
        assertThat(loaderKills).isGreaterThanOrEqualTo(KILLS_EACH);
    }
}
