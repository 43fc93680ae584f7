package io.mysql2gp.miner.it;

import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.Deployment;
import io.mysql2gp.testsupport.DaemonProcess;
import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.common.text.CopyText;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.TestServers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every MySQL type with edge values goes through a real MariaDB binlog into staging exactly. */
class MinerTypesIT {
    static final String DB = "types_db";
    static MysqlServer mysql;
    static PgServer pg;
    static Deployment dep;
    static DaemonProcess miner;
    static Map<String, List<String>> stagedById = new LinkedHashMap<>();
    static Map<String, String> opsById = new LinkedHashMap<>();

    static final String COLUMNS = "id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, dec65, dec52, f, d, c, vc, txt, l1, g,"
            + " b, vb, bl, dt, dtm, dtm6, ts, tm, tm6, y, bt1, bt64, bt5, e, st, j";

    @BeforeAll
    static void stage() throws Exception {
        mysql = TestServers.mysql();
        pg = TestServers.postgres();
        pg.createDatabase("stg_types");
        String start = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4",
                "CREATE TABLE " + DB + ".all_types (id INT PRIMARY KEY,"
                        + " ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT,"
                        + " miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,"
                        + " dec65 DECIMAL(65,30), dec52 DECIMAL(5,2), f FLOAT, d DOUBLE,"
                        + " c CHAR(5) CHARACTER SET utf8mb4, vc VARCHAR(50) CHARACTER SET utf8mb4,"
                        + " txt TEXT CHARACTER SET utf8mb4, l1 VARCHAR(20) CHARACTER SET latin1,"
                        + " g VARCHAR(20) CHARACTER SET gbk, b BINARY(4), vb VARBINARY(10), bl BLOB,"
                        + " dt DATE, dtm DATETIME, dtm6 DATETIME(6), ts TIMESTAMP(3) NULL, tm TIME, tm6 TIME(6),"
                        + " y YEAR, bt1 BIT(1), bt64 BIT(64), bt5 BIT(5), e ENUM('a','b c','d''q'),"
                        + " st SET('x','y','z'), j JSON) ENGINE=InnoDB",
                "CREATE TABLE " + DB + ".unlisted (id INT PRIMARY KEY)");
        dep = Deployment.create(mysql, mysql.rootUser(), mysql.rootPassword(), DB, pg, "stg_types", start,
                List.of("all_types"));
        miner = DaemonProcess.start(dep.config, dep.log);
        try (Connection c = mysql.connect(DB); Statement st = c.createStatement()) {
            st.execute("SET SESSION sql_mode = ''");
            st.execute("SET SESSION time_zone = '+00:00'");
            st.execute("INSERT INTO all_types (" + COLUMNS + ") VALUES (1, 127, 255, 32767, 65535, 8388607, 16777215,"
                    + " 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,"
                    + " 99999999999999999999999999999999999.999999999999999999999999999999, 999.99,"
                    + " 3.4028235e38, 1.7976931348623157e308, 'ab', 'caf\u00e9 \ud83d\ude00 \u6c49', 'line1\nline2\ttab\\\\',"
                    + " 'caf\u00e9', '\u6c49\u5b57', 0x61000000, 0x00FF5C00, 0x5C4E00,"
                    + " '9999-12-31', '9999-12-31 23:59:59', '2024-02-29 13:14:15.123456', '2038-01-19 03:14:07.999',"
                    + " '838:59:59', '-838:59:59.000000', 2155, b'1', 18446744073709551615, b'10110', 'd''q', 'x,z',"
                    + " '{\"k\": [1, 2.5, \"s\", null, true]}')");
            st.execute("INSERT INTO all_types (" + COLUMNS + ") VALUES (2, -128, 0, -32768, 0, -8388608, 0,"
                    + " -2147483648, 0, -9223372036854775808, 0,"
                    + " -99999999999999999999999999999999999.999999999999999999999999999999, -0.01,"
                    + " -1.17549435e-38, 2.2250738585072014e-308, '', '', '', '', '', '', '', '',"
                    + " '0001-01-01', '1000-01-01 00:00:00', '1582-10-04 23:59:59.000001', '1970-01-01 00:00:01.000',"
                    + " '-00:00:01', '123:45:06.5', 1901, b'0', 0, b'00000', 'a', '', '[]')");
            st.execute("INSERT INTO all_types (id) VALUES (3)");
            st.execute("INSERT INTO all_types (id, dt, dtm, dtm6, y, e, f, d) VALUES (4, '0000-00-00',"
                    + " '0000-00-00 00:00:00', '2020-00-15 00:00:00.000000', 0, 4, 0.1, 0.1)");
            st.execute("UPDATE all_types SET vc = 'changed', id = 5 WHERE id = 4");
            st.execute("DELETE FROM all_types WHERE id = 3");
            st.execute("INSERT INTO unlisted VALUES (1)");
        }
        try (Connection staging = pg.connect("stg_types")) {
            Servers.awaitCaughtUp(mysql, staging, 60_000, miner);
            try (Statement st = staging.createStatement();
                    ResultSet rs = st.executeQuery("SELECT seq, op, coalesce(key_new, key_old), row_new, tbl"
                            + " FROM mysql2gp.changes ORDER BY seq")) {
                while (rs.next()) {
                    String key = rs.getString(2) + rs.getString(3);
                    opsById.put(key, rs.getString(5));
                    stagedById.put(key, rs.getString(4) == null ? null : CopyText.splitLine(rs.getString(4)));
                }
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (miner != null) {
            assertThat(miner.terminate(60)).as("exit code after SIGTERM; log:\n" + miner.output()).isZero();
        }
    }

    static List<String> row(String... values) {
        return new ArrayList<>(List.of(values));
    }

    @Test
    void onlyTheListedTableIsStagedWithEveryOperation() {
        assertThat(opsById.keySet()).containsExactly("I1", "I2", "I3", "I4", "U5", "D3");
        assertThat(opsById.values()).containsOnly("all_types");
    }

    @Test
    void maximumValuesOfEveryTypeArriveExactly() {
        assertThat(stagedById.get("I1")).containsExactly("1", "127", "255", "32767", "65535", "8388607", "16777215",
                "2147483647", "4294967295", "9223372036854775807", "18446744073709551615",
                "99999999999999999999999999999999999.999999999999999999999999999999", "999.99",
                "3.4028235E38", "1.7976931348623157E308", "ab", "caf\u00e9 \ud83d\ude00 \u6c49", "line1\nline2\ttab\\",
                "caf\u00e9", "\u6c49\u5b57", "\\x61000000", "\\x00ff5c00", "\\x5c4e00",
                "9999-12-31", "9999-12-31 23:59:59", "2024-02-29 13:14:15.123456", "2038-01-19 03:14:07.999+00",
                "838:59:59", "-838:59:59.000000", "2155", "1",
                "1111111111111111111111111111111111111111111111111111111111111111", "10110", "d'q", "x,z",
                "{\"k\": [1, 2.5, \"s\", null, true]}");
    }

    @Test
    void minimumAndEmptyValuesArriveExactly() {
        List<String> r = stagedById.get("I2");
        // FLOAT/DOUBLE: the text must read back as exactly the same float/double (JDK versions differ in digits)
        assertThat(Float.parseFloat(r.get(13))).isEqualTo(-1.17549435e-38f);
        assertThat(Double.parseDouble(r.get(14))).isEqualTo(2.2250738585072014e-308);
        r.set(13, "float");
        r.set(14, "double");
        assertThat(r).containsExactly("2", "-128", "0", "-32768", "0", "-8388608", "0",
                "-2147483648", "0", "-9223372036854775808", "0",
                "-99999999999999999999999999999999999.999999999999999999999999999999", "-0.01",
                "float", "double", "", "", "", "", "", "\\x00000000", "\\x", "\\x",
                "0001-01-01", "1000-01-01 00:00:00", "1582-10-04 23:59:59.000001", "1970-01-01 00:00:01.000+00",
                "-00:00:01", "123:45:06.500000", "1901", "0",
                "0000000000000000000000000000000000000000000000000000000000000000", "00000", "a", "", "[]");
    }

    @Test
    void nullsStayNullAndDistinctFromText() {
        List<String> r = stagedById.get("I3");
        assertThat(r.get(0)).isEqualTo("3");
        assertThat(r.subList(1, r.size())).containsOnlyNulls();
    }

    @Test
    void zeroDatesInvalidEnumsAndZeroYearsAreKeptDistinctFromNull() {
        List<String> r = stagedById.get("I4");
        assertThat(r.get(23)).isEqualTo("0000-00-00");
        assertThat(r.get(24)).isEqualTo("0000-00-00 00:00:00");
        assertThat(r.get(25)).isEqualTo("2020-00-15 00:00:00.000000");
        assertThat(r.get(29)).isEqualTo("0");
        assertThat(r.get(33)).as("enum index 0 (invalid value)").isEqualTo("");
        assertThat(r.get(13)).isEqualTo("0.1");
        assertThat(r.get(14)).isEqualTo("0.1");
    }

    @Test
    void aPrimaryKeyChangeCarriesTheOldKeyAndTheNewRow() {
        assertThat(stagedById.get("U5").get(0)).isEqualTo("5");
        assertThat(stagedById.get("U5").get(16)).isEqualTo("changed");
        assertThat(stagedById.get("D3")).isNull();
    }
}
