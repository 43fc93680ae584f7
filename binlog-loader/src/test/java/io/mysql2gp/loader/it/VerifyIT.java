package io.mysql2gp.loader.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.config.Daemon;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.loader.control.VerifyCommand;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import io.mysql2gp.testsupport.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code binlog_loader verify} against a target loaded by the real miner and loader: equal after
 * sync; after corrupting the target exactly the corrupted keys are different; source changes the
 * stopped loader (or stopped miner) has not applied are reported as behind.
 */
class VerifyIT {
    /** Edge rows of t_types, keyed near the top of BIGINT UNSIGNED; one list of values per column. */
    private static final String BASE = "1844674407370955160";
    private static final String[][] EDGES = {
        /* u8 */ {"0", "255", "NULL"},
        /* i8 */ {"-128", "127", "0"},
        /* u64 */ {"18446744073709551615", "0", "9223372036854775808"},
        /* dec1 */ {"-99999999999999999999.9999999999", "0.0000000001", "NULL", "12.5"},
        /* f */ {"3.40282e38", "-1.17549e-38", "0.1", "0", "NULL", "1e-45"},
        /* d */ {"1.7976931348623157e308", "2.2250738585072014e-308", "0.1", "-0", "NULL", "4.9e-324", "-123.456"},
        /* c */ {"''", "'abc'", "'\u00e9\u00e8'", "NULL"},
        /* vc */ {"'tab\\there'", "'back\\\\slash'", "'\\\\N'", "'\uD83D\uDE00 4-byte'", "'line\\nbreak'", "NULL", "''"},
        /* tx */ {"REPEAT('x', 3000)", "'\u6c49\u5b57'", "''", "NULL"},
        /* l1 */ {"'caf\u00e9'", "'\u00ff\u00fe'", "NULL"},
        /* bn */ {"0x000000000000", "0x5c0001000000", "0xFFFFFFFFFFFF", "0x61", "NULL"},
        /* vb */ {"X''", "0x00", "0x5C4E", "0x000102030405060708090a0b", "NULL"},
        /* bl */ {"0x00FF5C0D0A09", "REPEAT(0x00, 2000)", "X''", "NULL"},
        /* dt */ {"'0001-01-01'", "'1582-10-04'", "'9999-12-31'", "'0000-00-00'", "'2024-02-29'", "NULL", "'2020-00-15'"},
        /* dtm */ {"'1000-01-01 00:00:00'", "'9999-12-31 23:59:59.999999'", "'0000-00-00 00:00:00'",
            "'2024-02-29 12:00:00.000001'", "NULL"},
        /* ts */ {"'1970-01-01 00:00:01.000'", "'2038-01-19 03:14:07.999'", "'0000-00-00 00:00:00'", "NULL"},
        /* tm */ {"'-838:59:59.00'", "'838:59:59.00'", "'00:00:00.01'", "'-00:00:00.50'", "'25:00:00'", "NULL"},
        /* y */ {"0", "1901", "2155", "NULL"},
        /* b1 */ {"b'0'", "b'1'", "NULL"},
        /* b13 */ {"b'0'", "b'1111111111111'", "b'1000000000001'", "NULL"},
        /* e */ {"'red'", "'blue'", "''", "NULL"},
        /* s */ {"''", "'a,d'", "'a,b,c,d'", "NULL"},
        /* j */ {"'{\"k\": [1, 2.5, \"s\", null, true, {\"n\": -1}]}'", "'[]'", "'\"text\"'", "'{}'", "NULL"},
    };

    @ParameterizedTest(name = "zero_date {0}")
    @ValueSource(strings = {"null", "-infinity"})
    void equalAfterSyncThenExactlyTheCorruptedKeysThenBehindWhileTheDaemonsLag(String zeroDate) throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(),
                "verify_" + (zeroDate.equals("null") ? "null" : "inf"), "zero_date = \"" + zeroDate + "\"");
        p.createTargetTables();
        MyCnf cnf = MyCnf.load(p.dep.config, Daemon.LOADER);
        try (DaemonProcess miner = p.startMiner(); DaemonProcess loader = p.startLoader();
                Connection src = p.mysql.connect(p.db); Connection target = p.pg.connect(p.targetDb)) {
            new Workload(11, true).run(src, p.db, p.db.replace("_src", "_other"), 3000);
            insertEdgeRows(src);
            p.awaitApplied(miner, loader, 240_000);
            try (Statement st = target.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM t_types WHERE dt " + (zeroDate.equals("null") ? "IS NULL" : "= '-infinity'"))) {
                rs.next();
                assertThat(rs.getInt(1)).as("zero dates stored per zero_date").isPositive();
            }

            Run equal = verify(cnf, "--chunk", "7");
            assertThat(equal.code).as(equal.text()).isZero();
            for (String table : Workload.LISTED_RICH) {
                assertThat(equal.out).as(equal.text()).containsPattern("table " + p.db + "\\." + table + " -> .*: equal");
            }
            assertThat(equal.out).contains("0 row(s) different, 0 row(s) behind");
            java.nio.file.Path cliOut = p.dep.dir.resolve("verify.out");
            int cli = DaemonProcess.run(DaemonProcess.LOADER, p.dep.config, cliOut, 120, "verify", "--chunk", "50");
            String cliText = java.nio.file.Files.readString(cliOut);
            assertThat(cli).as(cliText).isZero();
            assertThat(cliText).as(cliText).contains("summary: 4 table(s): 4 equal, 0 different").doesNotContain("INFO");

            try (Statement st = target.createStatement()) {
                st.execute("UPDATE t_types SET vc = 'corrupted' WHERE id = " + BASE + "0");
                st.execute("DELETE FROM t_types WHERE id = " + BASE + "1");
                st.execute("INSERT INTO t_types (id, vc) VALUES (18446744073709551615, 'extra')");
                st.execute("UPDATE t_types SET d = d * 1.000000001 WHERE id = " + BASE + "6");
                st.execute("UPDATE t_types SET dtm = NULL WHERE id = " + BASE + "3");
            }
            Run different = verify(cnf, "--chunk", "7");
            assertThat(different.code).as(different.text()).isEqualTo(1);
            assertThat(different.out).as(different.text())
                    .contains("key ('" + BASE + "0'): different: values differ: column \"vc\" source 'tab\\there', target 'corrupted'")
                    .contains("key ('" + BASE + "1'): different: missing on the target")
                    .contains("key ('18446744073709551615'): different: extra on the target")
                    .containsPattern("key \\('" + BASE + "6'\\): different: values differ: column \"d\" source '-123.456', target '-123.456000123")
                    .contains("key ('" + BASE + "3'): different: values differ: column \"dtm\" source '2024-02-29 12:00:00.000001', target NULL")
                    .contains("5 row(s) different, 0 row(s) behind")
                    .containsPattern("table " + p.db + "\\.t_types -> .*: DIFFERENT \\(5 row\\(s\\) different, 0 behind\\)");
            assertThat(keyLines(different.out)).as(different.text()).hasSize(5);

            assertThat(loader.terminate(60)).isZero();
            try (Statement st = src.createStatement()) {
                st.execute("UPDATE t_types SET vc = 'changed' WHERE id = " + BASE + "2");
                st.execute("DELETE FROM t_types WHERE id = " + BASE + "4");
                st.execute("INSERT INTO t_types (id, vc) VALUES (" + BASE + "9, 'new')");
                src.commit();
            }
            try (Connection staging = p.pg.connect(p.stagingDb)) {
                Servers.awaitCaughtUp(p.mysql, staging, 60_000, miner);
            }
            Run behind = verify(cnf);
            assertThat(behind.code).as(behind.text()).isEqualTo(1);
            assertThat(behind.out).as(behind.text())
                    .contains("key ('" + BASE + "2'): behind: values differ: column \"vc\"")
                    .contains("key ('" + BASE + "4'): behind: extra on the target")
                    .contains("key ('" + BASE + "9'): behind: missing on the target")
                    .contains("staged change(s) of this key wait after the loader's checkpoint")
                    .contains("5 row(s) different, 3 row(s) behind");

            assertThat(miner.terminate(60)).isZero();
            try (Statement st = src.createStatement()) {
                st.execute("UPDATE t_int SET b = -4242 ORDER BY id LIMIT 1");
                src.commit();
            }
            Run minerBehind = verify(cnf, "--tables", "t_int");
            assertThat(minerBehind.code).as(minerBehind.text()).isZero();
            assertThat(minerBehind.out).as(minerBehind.text())
                    .containsPattern("key \\('\\d+'\\): behind: values differ: column \"b\" source '-4242'")
                    .contains("binlog_miner has staged up to")
                    .contains("0 different, 1 behind");
        }
    }

    /** Case-insensitive MySQL keys sort differently from PostgreSQL's: the chunks disagree, the rows do not. */
    @org.junit.jupiter.api.Test
    void stringKeysOrderedDifferentlyByTheTwoServersStillCompareEqual() throws Exception {
        Pipeline p = new Pipeline(TestServers.mysql(), TestServers.postgres(), "verify_ci", "");
        MyCnf cnf = MyCnf.load(p.dep.config, Daemon.LOADER);
        List<String> keys = List.of("a", "B", "c", "D", "e", "F", "g", "H", "_x", "Z", "~q", "0", "Ab", "aC");
        try (Connection src = p.mysql.connect(p.db); Connection target = p.pg.connect(p.targetDb);
                Statement ms = src.createStatement(); Statement ps = target.createStatement()) {
            ms.execute("CREATE TABLE t_ci (k VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci PRIMARY KEY,"
                    + " v INT)");
            ps.execute("CREATE TABLE t_ci (k varchar(10) PRIMARY KEY, v integer)");
            for (int i = 0; i < keys.size(); i++) {
                ms.execute("INSERT INTO t_ci VALUES ('" + keys.get(i) + "', " + i + ")");
                ps.execute("INSERT INTO t_ci VALUES ('" + keys.get(i) + "', " + i + ")");
            }
            Run equal = verify(cnf, "--tables", "t_ci", "--chunk", "3");
            assertThat(equal.code).as(equal.text()).isZero();
            assertThat(equal.out).as(equal.text()).contains("14 row(s) on the source, 14 on the target, 5 chunk(s): equal");
            assertThat(equal.err).contains("is not in").contains("verifying it anyway");

            ps.execute("UPDATE t_ci SET v = -1 WHERE k = 'H'");
            ps.execute("DELETE FROM t_ci WHERE k = '~q'");
            ps.execute("INSERT INTO t_ci VALUES ('b', 99)");
            Run different = verify(cnf, "--tables", "t_ci", "--chunk", "3");
            assertThat(different.code).as(different.text()).isEqualTo(1);
            assertThat(keyLines(different.out)).as(different.text()).containsExactlyInAnyOrder(
                    "  key ('H'): different: values differ: column \"v\" source '7', target '-1'",
                    "  key ('~q'): different: missing on the target",
                    "  key ('b'): different: extra on the target (not on the source)");
        }
    }

    private static List<String> keyLines(String out) {
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("  key ")).toList();
    }

    private static void insertEdgeRows(Connection src) throws Exception {
        try (Statement st = src.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("SET SESSION time_zone = '+00:00'");
            for (int row = 0; row < 8; row++) {
                List<String> values = new ArrayList<>();
                values.add(BASE + row);
                for (String[] col : EDGES) {
                    values.add(col[row % col.length]);
                }
                st.execute("INSERT INTO t_types (" + String.join(", ", Workload.T_TYPES_COLS) + ") VALUES ("
                        + String.join(", ", values) + ")");
            }
            src.commit();
        }
    }

    private record Run(int code, String out, String err) {
        String text() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private static Run verify(MyCnf cnf, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = VerifyCommand.run(cnf, List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
