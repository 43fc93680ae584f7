package io.mysql2gp.loader.apply;

import io.mysql2gp.common.config.LoaderSettings.ZeroDate;
import static io.mysql2gp.loader.apply.Fixtures.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every conversion expression against a real PostgreSQL, with the edge values of docs/STAGING.md. */
class ConversionsIT {
    private static final String ONES = "1".repeat(64);
    private static ThrowawayPostgres pg;
    private static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        pg = ThrowawayPostgres.start();
        conn = pg.connect();
        // a zone far from UTC: DATETIME/TIMESTAMP conversions must not depend on the session's TimeZone
        TableApplier.execute(conn, "SET TimeZone = 'Asia/Kolkata'");
        TableApplier.execute(conn, "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')");
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static ColumnDef c(MysqlType t) {
        return col("v", t);
    }

    private static ColumnDef c(MysqlType t, int length, int precision, int scale, boolean unsigned) {
        return col("v", t, length, precision, scale, unsigned);
    }

    static Stream<Arguments> conversions() {
        ColumnDef bigintU = c(MysqlType.BIGINT, 0, 0, 0, true);
        ColumnDef dec = c(MysqlType.DECIMAL, 0, 65, 30, false);
        String bigDec = "-12345678901234567890123456789012345.123456789012345678901234567890";
        return Stream.of(
                ok(bigintU, "numeric(20,0)", "18446744073709551615", ZeroDate.NULL, "18446744073709551615"),
                ok(c(MysqlType.BIGINT), "bigint", "-9223372036854775808", ZeroDate.NULL, "-9223372036854775808"),
                ok(c(MysqlType.INT, 0, 0, 0, true), "bigint", "4294967295", ZeroDate.NULL, "4294967295"),
                ok(c(MysqlType.TINYINT), "smallint", "-128", ZeroDate.NULL, "-128"),
                ok(c(MysqlType.MEDIUMINT), "integer", "-8388608", ZeroDate.NULL, "-8388608"),
                ok(c(MysqlType.TINYINT, 1, 0, 0, false), "boolean", "1", ZeroDate.NULL, "true"),
                ok(c(MysqlType.TINYINT, 1, 0, 0, false), "boolean", "0", ZeroDate.NULL, "false"),
                ok(c(MysqlType.TINYINT, 1, 0, 0, false), "boolean", "-5", ZeroDate.NULL, "true"),
                ok(dec, "numeric", bigDec, ZeroDate.NULL, bigDec),
                ok(dec, "numeric(65,30)", "0.000000000000000000000000000001", ZeroDate.NULL,
                        "0.000000000000000000000000000001"),
                ok(c(MysqlType.FLOAT), "real", "3.4028235E38", ZeroDate.NULL, "3.4028235e+38"),
                ok(c(MysqlType.FLOAT), "real", "1.4E-45", ZeroDate.NULL, "1e-45"),
                ok(c(MysqlType.DOUBLE), "double precision", "1.7976931348623157E308", ZeroDate.NULL,
                        "1.7976931348623157e+308"),
                ok(c(MysqlType.DOUBLE), "double precision", "4.9E-324", ZeroDate.NULL, "5e-324"),
                ok(c(MysqlType.DOUBLE), "numeric", "0.1", ZeroDate.NULL, "0.1"),
                ok(c(MysqlType.VARCHAR), "text", "caf\u00e9 \uD83D\uDE00", ZeroDate.NULL, "caf\u00e9 \uD83D\uDE00"),
                ok(c(MysqlType.VARCHAR), "character varying(5)", "\uD83D\uDE00\uD83D\uDE00abc", ZeroDate.NULL,
                        "\uD83D\uDE00\uD83D\uDE00abc"),
                ok(c(MysqlType.CHAR), "character(4)", "ab", ZeroDate.NULL, "ab"), // char(n)::text drops the padding
                ok(c(MysqlType.VARCHAR), "integer", "42", ZeroDate.NULL, "42"),
                ok(c(MysqlType.VARCHAR), "mood", "happy", ZeroDate.NULL, "happy"),
                ok(c(MysqlType.TEXT), "bytea", "a\\b\t\u00e9", ZeroDate.NULL, "\\x615c6209c3a9"),
                ok(c(MysqlType.VARBINARY), "bytea", "\\x005c00ff", ZeroDate.NULL, "\\x005c00ff"),
                ok(c(MysqlType.BLOB), "bytea", "\\x", ZeroDate.NULL, "\\x"),
                ok(c(MysqlType.BLOB), "text", "\\x005c", ZeroDate.NULL, "\\x005c"),
                ok(c(MysqlType.BINARY, 16, 0, 0, false), "uuid", "\\x00112233445566778899aabbccddeeff", ZeroDate.NULL,
                        "00112233-4455-6677-8899-aabbccddeeff"),
                ok(c(MysqlType.JSON), "jsonb", "{\"b\": [1, \"\uD83D\uDE00\"], \"a\": null}", ZeroDate.NULL,
                        "{\"a\": null, \"b\": [1, \"\uD83D\uDE00\"]}"),
                ok(c(MysqlType.JSON), "json", "{\"b\":1,\"a\":2}", ZeroDate.NULL, "{\"b\":1,\"a\":2}"),
                ok(c(MysqlType.JSON), "json", "{\"k\": \"\\u0000\"}", ZeroDate.NULL, "{\"k\": \"\\u0000\"}"),
                ok(c(MysqlType.DATE), "date", "0001-01-01", ZeroDate.NULL, "0001-01-01"),
                ok(c(MysqlType.DATE), "date", "1582-10-04", ZeroDate.NULL, "1582-10-04"),
                ok(c(MysqlType.DATE), "date", "9999-12-31", ZeroDate.NULL, "9999-12-31"),
                ok(c(MysqlType.DATE), "date", "0000-00-00", ZeroDate.NULL, null),
                ok(c(MysqlType.DATE), "date", "0000-00-00", ZeroDate.NEGATIVE_INFINITY, "-infinity"),
                ok(c(MysqlType.DATE), "date", "2020-00-15", ZeroDate.NULL, null),
                ok(c(MysqlType.DATE), "date", "2020-05-00", ZeroDate.NEGATIVE_INFINITY, "-infinity"),
                ok(c(MysqlType.DATE), "date", "0000-01-01", ZeroDate.NULL, null),
                ok(c(MysqlType.DATE), "timestamp without time zone", "2020-01-02", ZeroDate.NULL, "2020-01-02 00:00:00"),
                ok(c(MysqlType.DATE), "text", "0000-00-00", ZeroDate.NULL, "0000-00-00"),
                ok(c(MysqlType.DATETIME, 0, 0, 6, false), "timestamp(6) without time zone",
                        "2024-02-29 23:59:59.123456", ZeroDate.NULL, "2024-02-29 23:59:59.123456"),
                ok(c(MysqlType.DATETIME), "timestamp without time zone", "1000-01-01 00:00:00", ZeroDate.NULL,
                        "1000-01-01 00:00:00"),
                ok(c(MysqlType.DATETIME, 0, 0, 1, false), "timestamp(0) without time zone", "2024-02-29 23:59:59.5",
                        ZeroDate.NULL, "2024-03-01 00:00:00"),
                ok(c(MysqlType.DATETIME), "timestamp without time zone", "0000-00-00 00:00:00", ZeroDate.NULL, null),
                ok(c(MysqlType.DATETIME), "timestamp without time zone", "0000-00-00 00:00:00",
                        ZeroDate.NEGATIVE_INFINITY, "-infinity"),
                ok(c(MysqlType.DATETIME), "timestamp with time zone", "2020-06-01 12:00:00", ZeroDate.NULL,
                        "2020-06-01 17:30:00+05:30"),
                ok(c(MysqlType.DATETIME), "date", "2020-06-01 23:59:59", ZeroDate.NULL, "2020-06-01"),
                ok(c(MysqlType.TIMESTAMP), "timestamp with time zone", "1970-01-01 00:00:01+00", ZeroDate.NULL,
                        "1970-01-01 05:30:01+05:30"),
                ok(c(MysqlType.TIMESTAMP, 0, 0, 6, false), "timestamp(6) with time zone",
                        "2038-01-19 03:14:07.999999+00", ZeroDate.NULL, "2038-01-19 08:44:07.999999+05:30"),
                ok(c(MysqlType.TIMESTAMP), "timestamp without time zone", "1970-01-01 00:00:01+00", ZeroDate.NULL,
                        "1970-01-01 00:00:01"),
                ok(c(MysqlType.TIMESTAMP), "date", "2020-06-01 23:59:59+00", ZeroDate.NULL, "2020-06-01"),
                ok(c(MysqlType.TIMESTAMP), "timestamp with time zone", "0000-00-00 00:00:00", ZeroDate.NULL, null),
                ok(c(MysqlType.TIMESTAMP), "timestamp with time zone", "0000-00-00 00:00:00",
                        ZeroDate.NEGATIVE_INFINITY, "-infinity"),
                ok(c(MysqlType.TIME), "interval", "-838:59:59", ZeroDate.NULL, "-838:59:59"),
                ok(c(MysqlType.TIME, 0, 0, 1, false), "interval", "123:00:00.5", ZeroDate.NULL, "123:00:00.5"),
                ok(c(MysqlType.TIME, 0, 0, 6, false), "time without time zone", "23:59:59.999999", ZeroDate.NULL,
                        "23:59:59.999999"),
                ok(c(MysqlType.TIME), "time without time zone", "24:00:00", ZeroDate.NULL, "24:00:00"),
                ok(c(MysqlType.YEAR), "smallint", "0", ZeroDate.NULL, "0"),
                ok(c(MysqlType.YEAR), "integer", "2155", ZeroDate.NULL, "2155"),
                ok(c(MysqlType.BIT, 1, 0, 0, false), "boolean", "1", ZeroDate.NULL, "true"),
                ok(c(MysqlType.BIT, 1, 0, 0, false), "boolean", "0", ZeroDate.NULL, "false"),
                ok(c(MysqlType.BIT, 1, 0, 0, false), "bit(1)", "1", ZeroDate.NULL, "1"),
                ok(c(MysqlType.BIT, 64, 0, 0, false), "bit(64)", ONES, ZeroDate.NULL, ONES),
                ok(c(MysqlType.BIT, 64, 0, 0, false), "numeric(20,0)", ONES, ZeroDate.NULL, "18446744073709551615"),
                ok(c(MysqlType.BIT, 64, 0, 0, false), "numeric", "0" + "1".repeat(63), ZeroDate.NULL,
                        "9223372036854775807"),
                ok(c(MysqlType.BIT, 64, 0, 0, false), "bigint", "0" + "1".repeat(63), ZeroDate.NULL,
                        "9223372036854775807"),
                ok(c(MysqlType.BIT, 3, 0, 0, false), "bit varying", "101", ZeroDate.NULL, "101"),
                ok(c(MysqlType.BIT, 5, 0, 0, false), "integer", "00101", ZeroDate.NULL, "5"),
                ok(c(MysqlType.ENUM), "text", "", ZeroDate.NULL, ""),
                ok(c(MysqlType.ENUM), "character varying(10)", "medium", ZeroDate.NULL, "medium"),
                ok(c(MysqlType.ENUM), "mood", "ok", ZeroDate.NULL, "ok"),
                ok(c(MysqlType.SET), "text", "one,three", ZeroDate.NULL, "one,three"),
                ok(c(MysqlType.INT), "text", "-1", ZeroDate.NULL, "-1"));
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                bad(c(MysqlType.VARCHAR), "character varying(5)", "abcdef", "value too long"),
                bad(c(MysqlType.CHAR), "character(2)", "abc", "value too long"),
                bad(c(MysqlType.BIT, 3, 0, 0, false), "bit(2)", "101", "does not match type bit(2)"),
                bad(c(MysqlType.DECIMAL, 0, 65, 30, false), "numeric(5,2)", "1234.5", "numeric field overflow"),
                bad(c(MysqlType.BIGINT, 0, 0, 0, true), "bigint", "18446744073709551615", "out of range"),
                bad(c(MysqlType.INT), "smallint", "40000", "out of range"),
                bad(c(MysqlType.VARCHAR), "integer", "12abc", "invalid input syntax"),
                bad(c(MysqlType.JSON), "integer", "{\"a\":1}", "invalid input syntax"),
                bad(c(MysqlType.VARCHAR), "date", "not a date", "invalid input syntax"),
                bad(c(MysqlType.TIME), "time without time zone", "-01:00:00", "invalid input syntax"),
                bad(c(MysqlType.TIME), "time without time zone", "25:00:00", "out of range"),
                // PostgreSQL's jsonb cannot hold the NUL character that MySQL JSON can (json can)
                bad(c(MysqlType.JSON), "jsonb", "{\"k\": \"\\u0000\"}", "unsupported Unicode escape"),
                bad(c(MysqlType.DOUBLE), "real", "1.7976931348623157E308", "out of range"));
    }

    private static Arguments ok(ColumnDef src, String type, String staged, ZeroDate zd, String expected) {
        return Arguments.of(src.typeText(), type, src, staged, zd, expected);
    }

    private static Arguments bad(ColumnDef src, String type, String staged, String error) {
        return Arguments.of(src.typeText(), type, src, staged, error);
    }

    @ParameterizedTest(name = "{0} ''{3}'' into {1}")
    @MethodSource("conversions")
    void convertsStagedTextToTheTargetType(String label, String type, ColumnDef src, String staged, ZeroDate zd,
            String expected) throws SQLException {
        assertThat(convert(src, type, staged, zd)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ''{3}'' into {1} fails: {4}")
    @MethodSource("failures")
    void valuesTheTargetTypeCannotHoldFail(String label, String type, ColumnDef src, String staged, String error) {
        assertThatThrownBy(() -> convert(src, type, staged, ZeroDate.NULL)).isInstanceOf(SQLException.class)
                .hasMessageContaining(error);
    }

    /** Inserts the converted value into a one-column table of {@code type} and reads it back as text. */
    private static String convert(ColumnDef src, String type, String staged, ZeroDate zd) throws SQLException {
        TableApplier.execute(conn, "DROP TABLE IF EXISTS conv");
        TableApplier.execute(conn, "CREATE TABLE conv (v " + type + ")");
        TargetColumn target = TargetCatalog.load(conn, "public", "conv").columns().get(0);
        String expr = Conversions.expression(src, target, "r.\"c0\"", zd).orElseThrow();
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO conv (v) SELECT " + expr + " FROM (SELECT CAST(? AS text) AS \"c0\") r")) {
            ps.setString(1, staged);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT v::text FROM conv");
                ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

}
