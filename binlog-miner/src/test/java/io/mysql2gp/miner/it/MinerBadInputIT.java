package io.mysql2gp.miner.it;

import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.DaemonProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input and bad environments: each ends the miner with a non-zero exit code and one clear
 * line naming what is wrong and where; no password is ever printed.
 */
class MinerBadInputIT {
    static final String DB = "bad_db";
    static MysqlServer mysql;
    static PgServer pg;
    static String binlog;

    @BeforeAll
    static void servers() throws Exception {
        mysql = TestServers.mysql();
        pg = TestServers.postgres();
        mysql.execute(null, "CREATE DATABASE IF NOT EXISTS " + DB,
                "CREATE TABLE IF NOT EXISTS " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(10))");
        binlog = Servers.currentBinlogFile(mysql);
    }

    static Deployment deployment(String stagingDb) throws Exception {
        pg.createDatabase(stagingDb);
        return Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), DB, pg, stagingDb, binlog, List.of("t"));
    }

    static String replace(Deployment d, String from, String to) throws Exception {
        String text = Files.readString(d.config).replace(from, to);
        d.writeConfig(text);
        return text;
    }

    static void assertNoSecret(Deployment d, String secret) throws Exception {
        assertThat(d.log()).doesNotContain(secret);
    }

    @Test
    void aMissingConfigFileIsNamed() throws Exception {
        Deployment d = deployment("bad_missing");
        Files.delete(d.config);
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(2);
        assertThat(d.log()).contains(d.config.toString());
    }

    @Test
    void aBadNumberNamesSectionAndKey() throws Exception {
        Deployment d = deployment("bad_port");
        replace(d, "port = \"" + mysql.port() + "\"", "port = \"abc\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(2);
        assertThat(d.log()).contains("[src.mysql] port: \"abc\" is not a number");
    }

    @Test
    void anUnbalancedQuoteNamesTheKey() throws Exception {
        Deployment d = deployment("bad_quote");
        replace(d, "db = \"" + DB + "\"", "db = \"" + DB);
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(2);
        assertThat(d.log()).contains("[src.mysql] db").containsIgnoringCase("quote");
    }

    @Test
    void aWrongMysqlPasswordIsReportedWithoutThePassword() throws Exception {
        Deployment d = deployment("bad_password");
        replace(d, "password = \"" + mysql.rootPassword() + "\"", "password = \"s3cr3t-Wr0ng\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(d.log()).contains("127.0.0.1:" + mysql.port()).contains("root").contains("ERROR");
        assertNoSecret(d, "s3cr3t-Wr0ng");
    }

    @Test
    void aBinlogFileThatDoesNotExistIsNamed() throws Exception {
        Deployment d = deployment("bad_binlog");
        replace(d, "binlogfile = \"" + binlog + "\"", "binlogfile = \"binlog.999999\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(d.log()).contains("binlog.999999");
    }

    @Test
    void theFirstStartNeedsABinlogFile() throws Exception {
        Deployment d = deployment("bad_nofile");
        replace(d, "binlogfile = \"" + binlog + "\"", "");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(d.log()).contains("[src.mysql] binlogfile: required on the first start");
    }

    @Test
    void anUnreachableStagingDatabaseIsNamed() throws Exception {
        Deployment d = deployment("bad_staging");
        replace(d, "port=" + pg.port() + " dbname=bad_staging", "port=1 dbname=bad_staging");
        assertThat(DaemonProcess.run(d.config, d.log, 90)).isEqualTo(3);
        assertThat(d.log()).contains("staging");
    }

    @Test
    void aMissingTableListFileIsNamed() throws Exception {
        Deployment d = deployment("bad_list");
        Files.delete(d.tableList);
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(2);
        assertThat(d.log()).contains("loader_table_list").contains(d.tableList.getFileName().toString());
    }

    @Test
    void aUserWithoutReplicationGrantsIsRefusedNamingTheGrant() throws Exception {
        mysql.execute(null, "DROP USER IF EXISTS 'weak'@'%'", "CREATE USER 'weak'@'%' IDENTIFIED BY 'weakpw1'",
                "GRANT SELECT ON " + DB + ".* TO 'weak'@'%'");
        Deployment d = deployment("bad_grants");
        replace(d, "user = \"" + mysql.rootUser() + "\"", "user = \"weak\"");
        replace(d, "password = \"" + mysql.rootPassword() + "\"", "password = \"weakpw1\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(d.log()).contains("REPLICATION SLAVE");
        assertNoSecret(d, "weakpw1");
    }

    @Test
    void aUserWithExactlyTheDocumentedGrantsStreams() throws Exception {
        mysql.execute(null, "DROP USER IF EXISTS 'repl'@'%'", "CREATE USER 'repl'@'%' IDENTIFIED BY 'replpw1'",
                "GRANT SELECT ON " + DB + ".* TO 'repl'@'%'", "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'repl'@'%'");
        Deployment d = deployment("good_grants");
        replace(d, "user = \"" + mysql.rootUser() + "\"", "user = \"repl\"");
        replace(d, "password = \"" + mysql.rootPassword() + "\"", "password = \"replpw1\"");
        try (DaemonProcess m = DaemonProcess.start(d.config, d.log)) {
            m.awaitLog("miner: streaming from", 60_000);
            assertThat(m.terminate(60)).isZero();
        }
        assertNoSecret(d, "replpw1");
    }

    @Test
    void aSecondMinerOnTheSameStagingDatabaseExitsSayingSo() throws Exception {
        Deployment d = deployment("bad_second");
        try (DaemonProcess first = DaemonProcess.start(d.config, d.log)) {
            first.awaitLog("miner: streaming from", 60_000);
            Path log2 = d.dir.resolve("second.log");
            assertThat(DaemonProcess.run(d.config, log2, 60)).isEqualTo(4);
            assertThat(Files.readString(log2)).contains("another binlog_miner is already working on staging database");
            assertThat(first.isAlive()).isTrue();
            assertThat(first.terminate(60)).isZero();
        }
    }

    @Test
    void aSourceWithStatementBinlogFormatIsRefused() throws Exception {
        try (MysqlServer stmt = TestServers.newMysql("binlog_format=STATEMENT")) {
            pg.createDatabase("bad_format");
            stmt.execute(null, "CREATE DATABASE " + DB);
            Deployment d = Deployment.create(stmt, stmt.rootUser(), stmt.rootPassword(), DB, pg, "bad_format",
                    Servers.currentBinlogFile(stmt), List.of("t"));
            assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
            assertThat(d.log()).contains("binlog_format").contains("ROW");
        }
    }
}
