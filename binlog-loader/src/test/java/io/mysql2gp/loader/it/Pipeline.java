package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** A whole task for end-to-end tests: source db, staging and target databases, my.cnf, target tables. */
final class Pipeline {
    final MysqlServer mysql;
    final PgServer pg;
    final String db;
    final String stagingDb;
    final String targetDb;
    final Deployment dep;

    Pipeline(MysqlServer mysql, PgServer pg, String name, String loaderLines) throws Exception {
        this.mysql = mysql;
        this.pg = pg;
        this.db = name + "_src";
        this.stagingDb = name + "_stg";
        this.targetDb = name + "_tgt";
        pg.createDatabase(stagingDb);
        pg.createDatabase(targetDb);
        String start = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "DROP DATABASE IF EXISTS " + db, "DROP DATABASE IF EXISTS " + name + "_other");
        try (Connection c = mysql.connect(null)) {
            Workload.createSchema(c, db, name + "_other");
        }
        dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), db, pg, stagingDb, targetDb, start,
                Workload.LISTED_RICH, loaderLines);
    }

    /** Creates the target tables with the SQL that {@code binlog_loader ddl} prints, as users do. */
    void createTargetTables() throws Exception {
        Path out = dep.dir.resolve("ddl.sql");
        int code = DaemonProcess.run(DaemonProcess.LOADER, dep.config, out, 120, "ddl", "--flavor", "postgresql");
        String sql = Files.readString(out);
        assertThat(code).as("binlog_loader ddl; output:\n" + sql).isZero();
        try (Connection t = pg.connect(targetDb); Statement st = t.createStatement()) {
            st.execute(sql);
        }
    }

    DaemonProcess startMiner(String... jvmOptions) throws Exception {
        return DaemonProcess.start(DaemonProcess.MINER, List.of(jvmOptions), dep.config, dep.log);
    }

    DaemonProcess startLoader(String... jvmOptions) throws Exception {
        return DaemonProcess.start(DaemonProcess.LOADER, List.of(jvmOptions), dep.config, dep.loaderLog);
    }

    /** Waits until the miner has staged everything the source wrote and the loader applied all of it. */
    void awaitApplied(DaemonProcess miner, DaemonProcess loader, long timeoutMillis) throws Exception {
        try (Connection staging = pg.connect(stagingDb); Connection target = pg.connect(targetDb)) {
            Servers.awaitCaughtUp(mysql, staging, timeoutMillis, miner);
            long staged;
            try (Statement st = staging.createStatement(); ResultSet rs = st.executeQuery("SELECT last_seq FROM mysql2gp.miner_state")) {
                rs.next();
                staged = rs.getLong(1);
            }
            long deadline = System.currentTimeMillis() + timeoutMillis;
            while (true) {
                try (Statement st = target.createStatement();
                        ResultSet rs = st.executeQuery("SELECT applied_seq FROM mysql2gp.loader_checkpoint")) {
                    if (rs.next() && rs.getLong(1) >= staged) {
                        return;
                    }
                } catch (java.sql.SQLException e) {
                    // not created yet
                }
                if (loader != null && !loader.isAlive()) {
                    throw new AssertionError("loader exited; log:\n" + loader.output());
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("loader did not apply up to seq " + staged + " within " + timeoutMillis
                            + " ms; log:\n" + (loader == null ? "" : loader.output()));
                }
                Thread.sleep(200);
            }
        }
    }

    /** Asserts every listed table of the target equals its source table, row by row. */
    void assertTargetEqualsSource() throws Exception {
        try (Connection src = mysql.connect(db); Connection target = pg.connect(targetDb)) {
            for (String table : Workload.LISTED_RICH) {
                Map<String, List<String>> expected = TableComparer.source(src, db, table);
                Map<String, List<String>> actual = TableComparer.target(target, "public", table, src, db);
                assertThat(actual.size()).as("rows of " + table).isEqualTo(expected.size());
                for (Map.Entry<String, List<String>> e : expected.entrySet()) {
                    assertThat(actual.get(e.getKey())).as(table + " row " + e.getKey()).isEqualTo(e.getValue());
                }
                assertThat(expected).as(table + " rows").isNotEmpty();
            }
        }
    }
}
