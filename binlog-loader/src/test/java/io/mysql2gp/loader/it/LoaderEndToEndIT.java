package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MariaDB → miner → staging → loader → PostgreSQL under a randomized workload of every type, string
 * and composite keys, key changes and swaps, large and rolled-back transactions, unlisted tables and
 * another database: the target ends equal to the source, in both dialect modes.
 */
class LoaderEndToEndIT {
    static final int SCALE = Integer.getInteger("it.workload.scale", 1);

    @ParameterizedTest(name = "dialect {0}")
    @ValueSource(strings = {"postgresql", "greenplum"})
    void theTargetEndsEqualToTheSource(String dialect) throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "e2e_" + dialect,
                "dialect = \"" + dialect + "\"");
        p.createTargetTables();
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db)) {
            new Workload(3, true).run(src, p.db, p.db.replace("_src", "_other"), 50_000L * SCALE);
            p.awaitApplied(miner, loader, 240_000);
            p.assertTargetEqualsSource();
            assertThat(loader.ownOutput()).doesNotContain("ERROR").doesNotContain("paused from staged seq");
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
        }
    }
}
