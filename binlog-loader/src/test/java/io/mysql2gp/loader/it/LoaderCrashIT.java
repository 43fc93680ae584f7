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

/** kill -9 of the loader at random moments of a randomized workload: the target still ends equal to the source. */
class LoaderCrashIT {
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);

    @Test
    void killingTheLoaderRepeatedlyNeitherLosesNorRepeatsAChange() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "lcrash", "max_batch_rows = \"5000\"");
        p.createTargetTables();
        Random rnd = new Random(5);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        int kills = 0;
        try (DaemonProcess miner = p.startMiner(); Connection src = p.mysql.connect(p.db)) {
            Future<?> load = pool.submit(() -> {
                new Workload(8, true).run(src, p.db, "lcrash_other", 60_000L * SCALE);
                return null;
            });
            DaemonProcess loader = p.startLoader();
            while (!load.isDone() || kills < 20) {
                loader.awaitLog("target is", 60_000);
                Thread.sleep(rnd.nextInt(1200));
                loader.kill9();
                kills++;
                loader = p.startLoader();
            }
            load.get();
            // the last loader must be up (its SIGTERM handling installed) before it is asked to stop
            loader.awaitLog("target is", 60_000);
            p.awaitApplied(miner, loader, 240_000);
            p.assertTargetEqualsSource();
            assertThat(loader.terminate(60)).isZero();
            assertThat(p.dep.loaderLog.toFile()).content().doesNotContain("ERROR");
        } finally {
            pool.shutdownNow();
        }
        assertThat(kills).isGreaterThanOrEqualTo(20);
    }
}
