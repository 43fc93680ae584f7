package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.model.BinlogPosition;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PreflightRulesTest {
    private static final List<BinlogFile> FILES = List.of(
            new BinlogFile("binlog.000007", 1000), new BinlogFile("binlog.000008", 2000),
            new BinlogFile("binlog.000009", 500));
    private static final List<String> MARIA_GRANTS = List.of(
            "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `repl`@`%` IDENTIFIED BY PASSWORD '*AB'",
            "GRANT SELECT ON `shop`.* TO `repl`@`%`");

    private static ServerInfo server(String version) {
        return new ServerInfo(ServerVersion.parse(version), 1, true, "ROW", "FULL", "FULL", null,
                version.contains("MariaDB") ? false : null, null, "0-1-5", "CRC32", FILES, null,
                new BinlogPosition("binlog.000009", 500, null), 0);
    }

    private static PreflightFacts facts(ServerInfo s, List<String> grants) {
        return new PreflightFacts("db1:3306", s, "repl@%", grants, null, true, List.of(2L));
    }

    private static final PreflightOptions OPTS = new PreflightOptions("shop", null, false, 77);

    @Test
    void aWellConfiguredMariaDbPasses() {
        PreflightResult r = PreflightRules.evaluate(facts(server("10.11.19-MariaDB"), MARIA_GRANTS), OPTS);
        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.ok()).isTrue();
    }

    @Test
    void aWellConfiguredMysqlPasses() {
        PreflightResult r = PreflightRules.evaluate(facts(server("8.0.36"), List.of(
                "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `repl`@`%`")), OPTS);
        assertThat(r.failures()).isEmpty();
    }

    static Stream<Arguments> serverFailures() {
        return Stream.<Arguments>of(
            Arguments.of("log_bin off", (UnaryOperator<ServerInfo>) s -> copy(s, false, "ROW", "FULL", null, false),
                "binary logging is off (log_bin=OFF) on source db1:3306 (MariaDB 10.11.19); add log_bin=<basename>"),
            Arguments.of("statement format", (UnaryOperator<ServerInfo>) s -> copy(s, true, "STATEMENT", "FULL", null, false),
                "binlog_format is STATEMENT on source db1:3306 (MariaDB 10.11.19), must be ROW; run SET GLOBAL binlog_format='ROW' and set binlog_format=ROW under [mysqld] in my.cnf"),
            Arguments.of("mixed format", (UnaryOperator<ServerInfo>) s -> copy(s, true, "MIXED", "FULL", null, false),
                "binlog_format is MIXED on"),
            Arguments.of("minimal image", (UnaryOperator<ServerInfo>) s -> copy(s, true, "ROW", "MINIMAL", null, false),
                "binlog_row_image is MINIMAL on source db1:3306 (MariaDB 10.11.19), must be FULL; run SET GLOBAL binlog_row_image='FULL'"),
            Arguments.of("noblob image", (UnaryOperator<ServerInfo>) s -> copy(s, true, "ROW", "NOBLOB", null, false),
                "binlog_row_image is NOBLOB on"),
            Arguments.of("partial json", (UnaryOperator<ServerInfo>) s -> copy(s, true, "ROW", "FULL", "PARTIAL_JSON", false),
                "binlog_row_value_options is PARTIAL_JSON on source db1:3306 (MariaDB 10.11.19), must be empty; run SET GLOBAL binlog_row_value_options=''"),
            Arguments.of("compressed", (UnaryOperator<ServerInfo>) s -> copy(s, true, "ROW", "FULL", null, true),
                "log_bin_compress is ON on source db1:3306 (MariaDB 10.11.19), must be OFF; run SET GLOBAL log_bin_compress=OFF"));
    }

    @ParameterizedTest(name = "{0} fails")
    @MethodSource("serverFailures")
    void misconfiguredServersFail(String name, UnaryOperator<ServerInfo> change, String expectedStart) {
        PreflightResult r = PreflightRules.evaluate(facts(change.apply(server("10.11.19-MariaDB")), MARIA_GRANTS), OPTS);
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0)).startsWith(expectedStart).doesNotContain("\n");
    }

    private static ServerInfo copy(ServerInfo s, boolean logBin, String format, String image, String valueOptions,
                                   Boolean compress) {
        return new ServerInfo(s.version(), s.serverId(), logBin, format, image, s.binlogRowMetadata(), valueOptions,
                compress, s.gtidMode(), s.gtidPosition(), s.binlogChecksum(), s.binlogFiles(), s.binlogFilesError(),
                s.currentPosition(), s.expireLogsSeconds());
    }

    @Test
    void metadataOtherThanFullIsOnlyAWarning() {
        ServerInfo s = server("10.11.19-MariaDB");
        ServerInfo minimal = new ServerInfo(s.version(), 1, true, "ROW", "FULL", "NO_LOG", null, false, null, null,
                "CRC32", FILES, null, null, 0);
        PreflightResult r = PreflightRules.evaluate(facts(minimal, MARIA_GRANTS), OPTS);
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).singleElement().asString()
                .startsWith("binlog_row_metadata is NO_LOG on source db1:3306 (MariaDB 10.11.19), FULL is recommended")
                .contains("information_schema");
    }

    static Stream<Arguments> grantCases() {
        return Stream.of(
            Arguments.of("10.11.19-MariaDB", List.of("GRANT BINLOG MONITOR ON *.* TO `repl`@`%`", "GRANT SELECT ON `shop`.* TO `repl`@`%`"),
                "user 'repl'@'%' lacks REPLICATION SLAVE on source db1:3306 (MariaDB 10.11.19); run GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'"),
            Arguments.of("10.11.19-MariaDB", List.of("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`", "GRANT SELECT ON `shop`.* TO `repl`@`%`"),
                "user 'repl'@'%' lacks BINLOG MONITOR on source db1:3306 (MariaDB 10.11.19); run GRANT BINLOG MONITOR ON *.* TO 'repl'@'%'"),
            Arguments.of("10.4.30-MariaDB", List.of("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`", "GRANT SELECT ON `shop`.* TO `repl`@`%`"),
                "user 'repl'@'%' lacks REPLICATION CLIENT on source db1:3306 (MariaDB 10.4.30); run GRANT REPLICATION CLIENT ON *.* TO 'repl'@'%'"),
            Arguments.of("8.0.36", List.of("GRANT REPLICATION SLAVE ON *.* TO `repl`@`%`", "GRANT SELECT ON `shop`.* TO `repl`@`%`"),
                "user 'repl'@'%' lacks REPLICATION CLIENT on source db1:3306 (MySQL 8.0.36); run GRANT REPLICATION CLIENT ON *.* TO 'repl'@'%'"),
            Arguments.of("5.7.44-log", List.of("GRANT USAGE ON *.* TO 'repl'@'%'", "GRANT SELECT ON `shop`.* TO 'repl'@'%'"),
                "user 'repl'@'%' lacks REPLICATION SLAVE, REPLICATION CLIENT on source db1:3306 (MySQL 5.7.44); run GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'"),
            Arguments.of("10.11.19-MariaDB", List.of("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `repl`@`%`"),
                "user 'repl'@'%' lacks SELECT on database 'shop' on source db1:3306 (MariaDB 10.11.19) (needed for table schemas); run GRANT SELECT ON `shop`.* TO 'repl'@'%'"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("grantCases")
    void missingPrivilegesFail(String version, List<String> grants, String expected) {
        PreflightResult r = PreflightRules.evaluate(facts(server(version), grants), OPTS);
        assertThat(r.failures()).singleElement().asString().isEqualTo(expected);
    }

    @Test
    void oldMysqlAcceptsSuperForReplicationClient() {
        PreflightResult r = PreflightRules.evaluate(facts(server("5.7.44"), List.of(
                "GRANT SELECT, SUPER, REPLICATION SLAVE ON *.* TO 'repl'@'%'")), OPTS);
        assertThat(r.failures()).isEmpty();
    }

    @Test
    void missingPrivilegesWithRolesAreWarnings() {
        PreflightResult r = PreflightRules.evaluate(facts(server("8.0.36"), List.of(
                "GRANT USAGE ON *.* TO `repl`@`%`", "GRANT `replication`@`%` TO `repl`@`%`")), OPTS);
        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).hasSize(2).allSatisfy(w -> assertThat(w).contains("unless granted through role `replication`@`%`"));
    }

    @Test
    void tableLevelSelectIsAWarning() {
        PreflightResult r = PreflightRules.evaluate(facts(server("8.0.36"), List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `repl`@`%`",
                "GRANT SELECT ON `shop`.`orders` TO `repl`@`%`")), OPTS);
        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("SELECT is granted on some tables only");
    }

    @Test
    void missingDatabaseFails() {
        PreflightFacts f = new PreflightFacts("db1:3306", server("10.11.19-MariaDB"), "repl@%", MARIA_GRANTS, null,
                false, List.of());
        assertThat(PreflightRules.evaluate(f, OPTS).failures()).containsExactly(
                "database 'shop' does not exist on source db1:3306 (MariaDB 10.11.19); fix [src.mysql] db in my.cnf"
                        + " or create the database");
    }

    @Test
    void invisibleDatabaseMayMeanMissingSelect() {
        PreflightFacts f = new PreflightFacts("db1:3306", server("10.11.19-MariaDB"), "repl@%",
                List.of("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `repl`@`%`"), null, false, List.of());
        assertThat(PreflightRules.evaluate(f, OPTS).failures()).containsExactly(
                "database 'shop' does not exist on source db1:3306 (MariaDB 10.11.19) or user 'repl'@'%' cannot see it;"
                        + " fix [src.mysql] db in my.cnf, or run GRANT SELECT ON `shop`.* TO 'repl'@'%'");
    }

    @Test
    void unreadableGrantsAreAWarning() {
        PreflightFacts f = new PreflightFacts("db1:3306", server("10.11.19-MariaDB"), "repl@%", null,
                "Access denied (SQLSTATE 42000, error 1044)", true, List.of());
        PreflightResult r = PreflightRules.evaluate(f, OPTS);
        assertThat(r.failures()).isEmpty();
        assertThat(r.warnings()).containsExactly("cannot read the grants of repl@% on source db1:3306 (MariaDB 10.11.19)"
                + " (Access denied (SQLSTATE 42000, error 1044)); privileges not checked");
    }

    static Stream<Arguments> startCases() {
        return Stream.of(
            Arguments.of("binlog.000008", 2000L, false, null),
            Arguments.of("binlog.000007", 4L, true, null),
            Arguments.of("binlog.000008", 2001L, false,
                "[src.mysql] binlogfile_offset 2001 is beyond the end of 'binlog.000008' (2000 bytes) on source db1:3306 (MariaDB 10.11.19); set [src.mysql] binlogfile_offset to an event start in the file (4 is the first event)"),
            Arguments.of("binlog.000009", 900L, true,
                "the stored position binlog.000009:900 is beyond the end of 'binlog.000009' (500 bytes) on source db1:3306 (MariaDB 10.11.19) (binlog reset or restored from backup?); re-sync the tables and reset the stored position"),
            Arguments.of("binlog.000003", 4L, false,
                "[src.mysql] binlogfile 'binlog.000003' does not exist on source db1:3306 (MariaDB 10.11.19) (the server has binlog.000007 .. binlog.000009; it was purged); set [src.mysql] binlogfile to one of the existing files"),
            Arguments.of("binlog.000012", 4L, false,
                "[src.mysql] binlogfile 'binlog.000012' does not exist on source db1:3306 (MariaDB 10.11.19) (the server has binlog.000007 .. binlog.000009); set [src.mysql] binlogfile to one of the existing files"),
            Arguments.of("binlog.000006", 123L, true,
                "the stored position binlog.000006:123 is in binlog file 'binlog.000006', which was purged from source db1:3306 (MariaDB 10.11.19) (the server has binlog.000007 .. binlog.000009): changes since then are lost; re-sync the tables from the source and reset the stored position"),
            Arguments.of("mysql-bin.000010", 123L, true,
                "the stored position mysql-bin.000010:123 names binlog file 'mysql-bin.000010', which does not exist on source db1:3306 (MariaDB 10.11.19) (the server has binlog.000007 .. binlog.000009; binlog reset or renamed?); re-sync the tables from the source and reset the stored position"));
    }

    @ParameterizedTest(name = "[{index}] start {0}:{1} stored={2}")
    @MethodSource("startCases")
    void checksTheStartPosition(String file, long offset, boolean stored, String expected) {
        PreflightOptions o = new PreflightOptions("shop", new BinlogPosition(file, offset, null), stored, 77);
        List<String> failures = PreflightRules.evaluate(facts(server("10.11.19-MariaDB"), MARIA_GRANTS), o).failures();
        if (expected == null) {
            assertThat(failures).isEmpty();
        } else {
            assertThat(failures).containsExactly(expected);
        }
    }

    @Test
    void serverIdClashesFail() {
        PreflightFacts f = facts(server("10.11.19-MariaDB"), MARIA_GRANTS);
        assertThat(PreflightRules.evaluate(f, new PreflightOptions("shop", null, false, 1)).failures())
                .singleElement().asString().startsWith("the miner's server id 1 equals the server_id of source db1:3306");
        assertThat(PreflightRules.evaluate(f, new PreflightOptions("shop", null, false, 2)).failures())
                .singleElement().asString().startsWith("a replica with server id 2 is already connected to source db1:3306");
        assertThat(PreflightRules.evaluate(f, new PreflightOptions("shop", null, false, 0)).failures()).isEmpty();
    }

    @Test
    void unreadableBinlogListFailsWhenGrantsLookRight() {
        ServerInfo s = server("10.11.19-MariaDB");
        ServerInfo denied = new ServerInfo(s.version(), 1, true, "ROW", "FULL", "FULL", null, false, null, null,
                "CRC32", List.of(), "Access denied; you need BINLOG MONITOR (SQLSTATE 42000, error 1227)", null, 0);
        assertThat(PreflightRules.evaluate(facts(denied, MARIA_GRANTS), OPTS).failures()).containsExactly(
                "cannot list binary logs on source db1:3306 (MariaDB 10.11.19) as 'repl'@'%': Access denied; you need"
                        + " BINLOG MONITOR (SQLSTATE 42000, error 1227)");
    }

    @Test
    void shortBinlogExpiryIsAWarning() {
        ServerInfo s = server("8.0.36");
        ServerInfo shortExpiry = new ServerInfo(s.version(), 1, true, "ROW", "FULL", "FULL", "", null, "ON", null,
                "CRC32", FILES, null, null, 3600);
        PreflightResult r = PreflightRules.evaluate(facts(shortExpiry, List.of(
                "GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `repl`@`%`")), OPTS);
        assertThat(r.ok()).isTrue();
        assertThat(r.warnings()).singleElement().asString().contains("purged after 3600 s");
    }

    @Test
    void summaryIsOneLine() {
        assertThat(server("10.11.19-MariaDB").summary()).isEqualTo("MariaDB 10.11.19, server_id 1, binlog ROW/FULL/FULL,"
                + " files binlog.000007..binlog.000009, at binlog.000009:500");
    }

    @Test
    void expireSecondsPreferSecondsOverDays() {
        assertThat(ServerInfo.expireSeconds("2592000", "0")).isEqualTo(2592000);
        assertThat(ServerInfo.expireSeconds("0", "1.5")).isEqualTo(129600);
        assertThat(ServerInfo.expireSeconds(null, "0")).isZero();
        assertThat(ServerInfo.expireSeconds(null, null)).isZero();
    }
}
