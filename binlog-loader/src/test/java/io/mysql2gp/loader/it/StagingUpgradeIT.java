package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.staging.StagingSchema;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * An upgrade from a version that staged one row per change (staging schema version 1): changes staged
 * by it and not yet applied are applied exactly once by the new loader, which migrates staging itself
 * when it starts first, and the new miner goes on from the stored position.
 */
class StagingUpgradeIT {
    @Test
    void changesStagedOneRowPerChangeByAnOlderVersionAreAppliedOnceAfterTheUpgrade() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "upgrade", "");
        p.createTargetTables();
        try (Connection src = p.mysql.connect(p.db)) {
            new Workload(11, true).run(src, p.db, p.db.replace("_src", "_other"), 3_000);
        }
        long staged;
        try (DaemonProcess miner = p.startMiner(); Connection stg = p.pg.connect(p.stagingDb)) {
            Servers.awaitCaughtUp(p.mysql, stg, 120_000, miner);
            assertThat(miner.terminate(60)).isZero();
        }
        try (Connection stg = p.pg.connect(p.stagingDb); Statement st = stg.createStatement()) {
            // what an older version left: the same changes, one row each, in the version 1 layout
            st.execute("CREATE TABLE public.old_changes AS SELECT * FROM " + StagingSchema.CHANGES);
            st.execute("CREATE TABLE public.old_state AS SELECT * FROM " + StagingSchema.MINER_STATE);
            st.execute("CREATE TABLE public.old_schemas AS SELECT * FROM " + StagingSchema.TABLE_SCHEMA);
            st.execute("DROP SCHEMA mysql2gp CASCADE");
            StagingSchema.migrate(stg, 1);
            st.execute("CREATE TABLE mysql2gp.changes_p0 PARTITION OF mysql2gp.changes FOR VALUES FROM (1) TO (1000001)");
            st.execute("INSERT INTO mysql2gp.changes SELECT * FROM public.old_changes");
            st.execute("INSERT INTO mysql2gp.miner_state SELECT * FROM public.old_state");
            st.execute("INSERT INTO mysql2gp.table_schema SELECT * FROM public.old_schemas");
            try (ResultSet rs = st.executeQuery("SELECT count(*), max(seq) FROM mysql2gp.changes")) {
                rs.next();
                staged = rs.getLong(2);
                assertThat(rs.getLong(1)).as("changes staged by the old version").isEqualTo(staged).isGreaterThan(1_000);
            }
        }
        // the new loader starts first: it migrates staging, then applies what the old miner staged
        try (DaemonProcess loader = p.startLoader(); Connection tgt = p.pg.connect(p.targetDb)) {
            loader.awaitLog("applied schema migration 2", 60_000);
            long deadline = System.currentTimeMillis() + 120_000;
            while (applied(tgt) < staged) {
                assertThat(loader.isAlive()).as("loader alive; log:\n" + loader.output()).isTrue();
                assertThat(System.currentTimeMillis()).as("applied in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            p.assertTargetEqualsSource();
            // the new miner goes on from the stored position; new changes follow the old ones
            try (Connection src = p.mysql.connect(p.db); Statement st = src.createStatement()) {
                st.executeUpdate("INSERT INTO t_int (id, a, b) VALUES (900000001, 'after the upgrade', 7)");
                assertThat(st.executeUpdate("UPDATE t_str SET v = v + 1")).isPositive();
                assertThat(st.executeUpdate("DELETE FROM t_comp ORDER BY a, b LIMIT 3")).isEqualTo(3);
            }
            try (DaemonProcess miner = p.startMiner()) {
                p.awaitApplied(miner, loader, 120_000);
                assertThat(miner.terminate(60)).isZero();
            }
            assertThat(loader.terminate(60)).isZero();
        }
        p.assertTargetEqualsSource();
        try (Connection stg = p.pg.connect(p.stagingDb); Statement st = stg.createStatement();
                ResultSet rs = st.executeQuery("SELECT min(seq), count(*) FROM " + StagingSchema.CHANGES
                        + " WHERE seq > " + staged)) {
            rs.next();
            assertThat(rs.getLong(1)).as("the new miner's first seq follows the old ones").isEqualTo(staged + 1);
        }
    }

    private static long applied(Connection target) {
        try (Statement st = target.createStatement();
                ResultSet rs = st.executeQuery("SELECT applied_seq FROM mysql2gp.loader_checkpoint")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0; // not created yet
        }
    }
}
