package io.mysql2gp.miner.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The miner's binlog file becomes the oldest on the source (FLUSH + PURGE BINARY LOGS while it is
 * stopped): it starts with a WARN naming its position, the oldest file and the margin, and catches up;
 * once its file is purged it refuses to start with exit code 3.
 */
class MinerRetentionIT {
    @Test
    void aMinerWhoseFileIsNextToBePurgedWarnsAndOneWhoseFileWasPurgedStops() throws Exception {
        try (MysqlServer mysql = TestServers.newMysql(); PgServer pg = TestServers.newPostgres()) {
            pg.createDatabase("stg");
            try (Connection c = mysql.connect(null)) {
                Workload.createSchema(c, "rdb", "rother");
            }
            mysql.execute(null, "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
            String minerFile = Servers.currentBinlogFile(mysql);
            Deployment dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), "rdb", pg, "stg",
                    minerFile, Workload.LISTED);
            String cnf = Files.readString(dep.config, StandardCharsets.UTF_8);
            dep.writeConfig(cnf.replace("[binlogminer]\n", "[binlogminer]\nbinlog_retention_warn_files = \"3\"\n"));
            try (Connection staging = pg.connect("stg")) {
                try (DaemonProcess miner = DaemonProcess.start(dep.config, dep.log)) {
                    miner.awaitLog("miner: streaming from", 60_000);
                    mysql.execute("rdb", "INSERT INTO t_int (id, a) VALUES (1, 'one')");
                    Servers.awaitCaughtUp(mysql, staging, 60_000, miner);
                    assertThat(miner.terminate(60)).isZero();
                    assertThat(miner.ownOutput()).as("older files exist, none is near purge")
                            .doesNotContain("binlog retention");
                }
                // the source moves on and purges everything before the miner's file while it is stopped
                mysql.execute("rdb", "FLUSH BINARY LOGS", "INSERT INTO t_int (id, a) VALUES (2, 'two')",
                        "FLUSH BINARY LOGS", "INSERT INTO t_int (id, a) VALUES (3, 'three')", "FLUSH BINARY LOGS");
                purgeTo(mysql, minerFile);
                try (DaemonProcess miner = DaemonProcess.start(dep.config, dep.log)) {
                    miner.awaitLog("binlog retention: the miner is at " + minerFile + ":", 60_000);
                    assertThat(miner.ownOutput()).contains(minerFile + " is the oldest binlog file on 127.0.0.1:"
                            + mysql.port(), "binlog_retention_warn_files = 3");
                    assertThat(miner.ownOutput()).containsOnlyOnce("binlog retention: the miner is at");
                    Servers.awaitCaughtUp(mysql, staging, 60_000, miner);
                    assertThat(miner.terminate(60)).isZero();
                }
                assertThat(StagingReplay.of(staging).tables.get("t_int")).hasSize(3);
                // stopped again, its file (now behind it) and the next are purged: nothing is lost yet, no warning
                String stored = "binlog." + String.format("%06d", Servers.minerPosition(staging)[0]);
                mysql.execute("rdb", "INSERT INTO t_int (id, a) VALUES (4, 'four')", "FLUSH BINARY LOGS",
                        "FLUSH BINARY LOGS");
                purgeTo(mysql, Servers.currentBinlogFile(mysql));
                long before = Files.size(dep.log);
                assertThat(DaemonProcess.run(dep.config, dep.log, 60)).as("exit code with a purged position")
                        .isEqualTo(3);
                String log = Files.readString(dep.log, StandardCharsets.UTF_8).substring((int) before);
                assertThat(log).contains("the stored position " + stored, "which was purged");
            }
        }
    }

    /**
     * PURGE BINARY LOGS TO {@code file}, repeated until it took: MariaDB keeps a file while crash recovery
     * may still need it (until its binlog checkpoint), and then purges less than asked without an error.
     */
    static void purgeTo(MysqlServer mysql, String file) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            mysql.execute(null, "PURGE BINARY LOGS TO '" + file + "'");
            String oldest;
            try (Connection c = mysql.connect(null); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SHOW BINARY LOGS")) {
                rs.next();
                oldest = rs.getString(1);
            }
            if (oldest.equals(file)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("PURGE BINARY LOGS TO '" + file + "' still leaves " + oldest);
            }
            Thread.sleep(200);
        }
    }
}
