package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreflightIT {
    private static final String DB = "pf_shop";
    private static final String PW = "Pf-pass-9";
    private static MysqlServer server;

    @BeforeAll
    static void usersAndDatabase() {
        server = TestServers.mysql();
        server.execute(null,
                "CREATE DATABASE IF NOT EXISTS " + DB,
                "CREATE TABLE IF NOT EXISTS " + DB + ".t (id INT PRIMARY KEY)",
                "CREATE OR REPLACE USER pf_ok@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO pf_ok@'%'",
                "GRANT SELECT ON " + DB + ".* TO pf_ok@'%'",
                "CREATE OR REPLACE USER pf_noslave@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT BINLOG MONITOR ON *.* TO pf_noslave@'%'",
                "GRANT SELECT ON " + DB + ".* TO pf_noslave@'%'",
                "CREATE OR REPLACE USER pf_nomonitor@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT REPLICATION SLAVE ON *.* TO pf_nomonitor@'%'",
                "GRANT SELECT ON " + DB + ".* TO pf_nomonitor@'%'",
                "CREATE OR REPLACE USER pf_noselect@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO pf_noselect@'%'",
                "GRANT INSERT ON " + DB + ".* TO pf_noselect@'%'",
                "CREATE OR REPLACE USER pf_nodb@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO pf_nodb@'%'",
                "CREATE OR REPLACE USER `pf_wild`@'%' IDENTIFIED BY '" + PW + "'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO pf_wild@'%'",
                "GRANT SELECT ON `pf\\_sh%`.* TO pf_wild@'%'");
    }

    private static PreflightResult check(MysqlServer s, String user, String password, PreflightOptions o) {
        SourceEndpoint ep = new SourceEndpoint(s.host(), s.port(), user, password, o.db(), "preferred", null);
        return Preflight.check(new SourceConnections(ep, Duration.ofSeconds(5)), o);
    }

    private static PreflightOptions opts(String db) {
        return new PreflightOptions(db, null, false, 999);
    }

    private String at(MysqlServer s) {
        return "source 127.0.0.1:" + s.port() + " (MariaDB ";
    }

    @ParameterizedTest(name = "user {0} passes")
    @CsvSource({"pf_ok", "pf_wild"})
    void userWithExactlyTheRightGrantsPasses(String user) {
        PreflightResult r = check(server, user, PW, opts(DB));
        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.server().binlogFiles()).isNotEmpty();
    }

    @Test
    void wrongPasswordFailsWithoutShowingIt() {
        PreflightResult r = check(server, "pf_ok", "not-the-Pass-77", opts(DB));
        assertThat(r.server()).isNull();
        assertThat(r.failures()).singleElement().asString()
                .startsWith("cannot connect to source " + server.host() + ":" + server.port() + " as user 'pf_ok': Access denied for user 'pf_ok'@'127.0.0.1'")
                .contains("check host, port, user and password")
                .doesNotContain("not-the-Pass-77");
    }

    @ParameterizedTest(name = "{0} fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "pf_noslave   | user 'pf_noslave'@'%' lacks REPLICATION SLAVE on | ; run GRANT REPLICATION SLAVE ON *.* TO 'pf_noslave'@'%'",
        "pf_nomonitor | user 'pf_nomonitor'@'%' lacks BINLOG MONITOR on | ; run GRANT BINLOG MONITOR ON *.* TO 'pf_nomonitor'@'%'",
        "pf_noselect  | user 'pf_noselect'@'%' lacks SELECT on database 'pf_shop' on | (needed for table schemas); run GRANT SELECT ON `pf_shop`.* TO 'pf_noselect'@'%'",
        "pf_nodb      | database 'pf_shop' does not exist on | or user 'pf_nodb'@'%' cannot see it; fix [src.mysql] db in my.cnf, or run GRANT SELECT ON `pf_shop`.* TO 'pf_nodb'@'%'",
    })
    void userWithoutAPrivilegeFails(String user, String start, String end) {
        PreflightResult r = check(server, user, PW, opts(DB));
        assertThat(r.failures()).singleElement().asString()
                .startsWith(start + " " + at(server)).endsWith(end);
    }

    @Test
    void missingDatabaseFails() {
        PreflightResult r = check(server, "pf_ok", PW, opts("pf_nosuchdb"));
        assertThat(r.failures()).singleElement().asString()
                .startsWith("database 'pf_nosuchdb' does not exist on " + at(server))
                .endsWith("or user 'pf_ok'@'%' cannot see it; fix [src.mysql] db in my.cnf, or run GRANT SELECT ON"
                        + " `pf_nosuchdb`.* TO 'pf_ok'@'%'");
        PreflightResult root = check(server, server.rootUser(), server.rootPassword(), opts("pf_nosuchdb"));
        assertThat(root.failures()).singleElement().asString()
                .startsWith("database 'pf_nosuchdb' does not exist on " + at(server))
                .endsWith("; fix [src.mysql] db in my.cnf or create the database");
    }

    @Test
    void missingBinlogFileFailsAndListsTheExistingOnes() {
        PreflightResult r = check(server, "pf_ok", PW,
                new PreflightOptions(DB, new BinlogPosition("binlog.999999", 4, null), false, 999));
        assertThat(r.failures()).singleElement().asString()
                .startsWith("[src.mysql] binlogfile 'binlog.999999' does not exist on " + at(server))
                .contains("(the server has binlog.000001 .. binlog.0");
    }

    @Test
    void offsetBeyondTheFileFails() {
        PreflightResult probe = check(server, "pf_ok", PW, opts(DB));
        BinlogFile first = probe.server().binlogFiles().get(0);
        PreflightResult r = check(server, "pf_ok", PW, new PreflightOptions(DB,
                new BinlogPosition(first.name(), first.size() + 1000, null), false, 999));
        // the first file is closed (other tests flush) or still growing: either way the offset is past its end now
        assertThat(r.failures()).singleElement().asString()
                .startsWith("[src.mysql] binlogfile_offset " + (first.size() + 1000) + " is beyond the end of '" + first.name() + "'");
    }

    @Test
    void minerServerIdEqualToTheSourcesFails() {
        PreflightResult r = check(server, "pf_ok", PW, new PreflightOptions(DB, null, false, 1));
        assertThat(r.failures()).singleElement().asString()
                .startsWith("the miner's server id 1 equals the server_id of " + at(server));
    }

    @ParameterizedTest(name = "server started with {0} fails")
    @CsvSource(delimiter = '|', value = {
        "--binlog-format=STATEMENT | binlog_format is STATEMENT on",
        "--binlog-format=MIXED     | binlog_format is MIXED on",
        "--binlog-row-image=MINIMAL | binlog_row_image is MINIMAL on",
        "--log-bin-compress=ON     | log_bin_compress is ON on",
        "--skip-log-bin            | binary logging is off (log_bin=OFF) on",
    })
    void misconfiguredServerFails(String option, String expected) {
        try (MysqlServer s = TestServers.newMysql(option)) {
            PreflightResult r = check(s, s.rootUser(), s.rootPassword(), new PreflightOptions(null, null, false, 0));
            assertThat(r.failures()).singleElement().asString().startsWith(expected + " " + at(s));
        }
    }

    @Test
    void anotherReplicaWithTheMinersServerIdFails() throws Exception {
        try (MysqlServer primary = TestServers.newMysql("--server-id=10");
             MysqlServer replica = TestServers.newMysql("--server-id=77", "--report-host=127.0.0.1")) {
            replica.execute(null, "CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=" + primary.port()
                    + ", MASTER_USER='" + primary.rootUser() + "', MASTER_PASSWORD='" + primary.rootPassword()
                    + "', MASTER_USE_GTID=no", "START SLAVE");
            PreflightOptions o = new PreflightOptions(null, null, false, 77);
            PreflightResult r = null;
            for (int i = 0; i < 100 && (r == null || r.ok()); i++) {
                Thread.sleep(100); // until the replica has registered
                r = check(primary, primary.rootUser(), primary.rootPassword(), o);
            }
            assertThat(r.failures()).singleElement().asString()
                    .startsWith("a replica with server id 77 is already connected to " + at(primary));
            assertThat(check(primary, primary.rootUser(), primary.rootPassword(),
                    new PreflightOptions(null, null, false, 78)).failures()).isEmpty();
            replica.execute(null, "STOP SLAVE");
        }
    }

    /** MariaDB skips files its binlog checkpoint still needs; retry until the purge took. */
    private static void purgeTo(MysqlServer s, String file) throws Exception {
        for (int i = 0; i < 100; i++) {
            s.execute(null, "PURGE BINARY LOGS TO '" + file + "'");
            try (java.sql.Connection c = s.connect(null)) {
                if (ServerInfo.read(c).binlogFiles().get(0).name().equals(file)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("binlogs before " + file + " were not purged");
    }

    @Test
    void noMetadataIsAWarningAndPurgedStoredPositionIsFatal() throws Exception {
        try (MysqlServer s = TestServers.newMysql("--binlog-row-metadata=NO_LOG")) {
            s.execute(null, "FLUSH BINARY LOGS", "FLUSH BINARY LOGS");
            purgeTo(s, "binlog.000003");
            PreflightResult ok = check(s, s.rootUser(), s.rootPassword(),
                    new PreflightOptions(null, new BinlogPosition("binlog.000003", 4, null), true, 0));
            assertThat(ok.failures()).isEmpty();
            assertThat(ok.warnings()).singleElement().asString()
                    .startsWith("binlog_row_metadata is NO_LOG on " + at(s));

            PreflightResult purged = check(s, s.rootUser(), s.rootPassword(),
                    new PreflightOptions(null, new BinlogPosition("binlog.000001", 330, null), true, 0));
            assertThat(purged.failures()).singleElement().asString()
                    .startsWith("the stored position binlog.000001:330 is in binlog file 'binlog.000001', which was"
                            + " purged from " + at(s))
                    .contains("(the server has binlog.000003 .. binlog.000003)")
                    .endsWith("re-sync the tables from the source and reset the stored position");
        }
    }
}
