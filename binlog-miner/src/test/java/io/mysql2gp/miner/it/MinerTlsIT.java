package io.mysql2gp.miner.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestCertificates;
import io.mysql2gp.testsupport.TestServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The miner against a MariaDB whose certificate a private CA signed, as an account created with
 * REQUIRE SSL and exactly the documented grants: rows stream through TLS; a wrong CA or TLS turned
 * off ends it with one line naming [src.mysql] ssl_mode/ssl_ca and host:port; no password shows in
 * the log, the status output or the process's command line, and a my.cnf others can read is warned about.
 */
class MinerTlsIT {
    static final String DB = "tls_db";
    static final String USER = "tls_repl";
    static final String PASSWORD = "Src-Pw-x9Q4tls";
    static final String PG_PASSWORD = "Stg-Pw-k7M2tls";

    @TempDir
    static Path certs;
    static TestCertificates tls;
    static MysqlServer mysql;
    static PgServer pg;
    static String binlog;

    @BeforeAll
    static void servers() throws Exception {
        tls = TestCertificates.create(certs);
        mysql = TestServers.newMysql(tls.serverOptions());
        pg = TestServers.postgres();
        binlog = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "CREATE DATABASE " + DB,
                "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE SSL",
                // exactly the grants README.md documents (REPLICATION CLIENT is BINLOG MONITOR on MariaDB 10.5+)
                "GRANT SELECT ON " + DB + ".* TO '" + USER + "'@'%'",
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + USER + "'@'%'");
    }

    @AfterAll
    static void stop() {
        if (mysql != null) {
            mysql.close();
        }
    }

    /** A deployment as {@link #USER}, with the TLS lines given and a staging password in connect_string. */
    static Deployment deployment(String stagingDb, String tlsLines) throws Exception {
        pg.createDatabase(stagingDb);
        Deployment d = Deployment.create(mysql, USER, PASSWORD, DB, pg, stagingDb, binlog, List.of("t"));
        String text = Files.readString(d.config)
                .replace("[src.mysql]\n", "[src.mysql]\n" + tlsLines + "\n")
                .replace(pg.connectString(stagingDb), pg.connectString(stagingDb) + " password=" + PG_PASSWORD);
        d.writeConfig(text);
        Files.setPosixFilePermissions(d.config, PosixFilePermissions.fromString("rw-r--r--"));
        return d;
    }

    static void assertNoPassword(String text) {
        assertThat(text).isNotEmpty().doesNotContain(PASSWORD).doesNotContain(PG_PASSWORD);
    }

    @ParameterizedTest(name = "rows stream through TLS with ssl_mode {0} and ssl_ca {1}")
    @CsvSource({"verify_ca, ca.pem, 1", "verify_identity, ca.pem, 2", "required, other-ca.pem, 3"})
    void rowsStreamThroughTls(String sslMode, String ca, int run) throws Exception {
        Deployment d = deployment("tls_ok_" + run,
                "ssl_mode = \"" + sslMode + "\"\nssl_ca = \"" + certs.resolve(ca) + "\"");
        try (Connection src = mysql.connect(DB); DaemonProcess miner = DaemonProcess.start(d.config, d.log)) {
            miner.awaitLog("miner: streaming from", 60_000);
            try (Statement st = src.createStatement()) {
                for (int i = 0; i < 5; i++) {
                    st.execute("INSERT INTO t VALUES (" + (run * 100 + i) + ", 'row " + i + "')");
                }
            }
            try (Connection staging = pg.connect("tls_ok_" + run)) {
                Servers.awaitCaughtUp(mysql, staging, 60_000, miner);
                Map<String, String> source = SourceSnapshot.read(src, DB, "t", List.of("id", "v"), List.of("id"));
                assertThat(source).hasSizeGreaterThanOrEqualTo(5);
                assertThat(StagingReplay.of(staging).tables.get("t")).isEqualTo(source);
            }
            // the account is REQUIRE SSL: its binlog dump session exists only over TLS
            assertThat(replicationSessionsOf(src, USER)).isEqualTo(1);
            assertNoPassword(Files.readString(Path.of("/proc", Long.toString(miner.pid()), "cmdline"),
                    StandardCharsets.ISO_8859_1).replace('\0', ' '));
            Path statusLog = d.dir.resolve("status.log");
            DaemonProcess.run(d.config, statusLog, 60, "status");
            assertThat(Files.readString(statusLog)).contains("source:  at binlog.");
            assertNoPassword(Files.readString(statusLog));
            assertThat(miner.terminate(60)).isZero();
        }
        assertThat(d.log()).contains("my.cnf: readable by group or others (rw-r--r--) although it holds passwords");
        assertNoPassword(d.log());
    }

    @Test
    void aCertificateFromAnotherCaIsOneFatalLineNamingTheKeys() throws Exception {
        Deployment d = deployment("tls_bad_ca", "ssl_mode = \"verify_ca\"\nssl_ca = \"" + tls.otherCa() + "\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(errorLines(d)).singleElement().asString()
                .contains("TLS to source " + mysql.host() + ":" + mysql.port()
                        + " failed ([src.mysql] ssl_mode=verify_ca, ssl_ca=" + tls.otherCa() + "): ");
        assertNoPassword(d.log());
    }

    @Test
    void tlsTurnedOffForARequireSslAccountSaysSo() throws Exception {
        Deployment d = deployment("tls_off", "ssl_mode = \"disabled\"");
        assertThat(DaemonProcess.run(d.config, d.log, 60)).isEqualTo(3);
        assertThat(errorLines(d)).singleElement().asString()
                .contains("cannot connect to source " + mysql.host() + ":" + mysql.port() + " as user '" + USER + "'")
                .contains("Access denied")
                .contains("[src.mysql] ssl_mode=disabled");
        assertNoPassword(d.log());
    }

    private static List<String> errorLines(Deployment d) throws Exception {
        return d.log().lines().filter(l -> l.contains(" ERROR ")).toList();
    }

    private static int replicationSessionsOf(Connection c, String user) throws Exception {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + user
                        + "' AND COMMAND LIKE 'Binlog Dump%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
