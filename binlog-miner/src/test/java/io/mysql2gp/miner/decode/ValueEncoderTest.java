package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical staging text of every MySQL type (docs/STAGING.md), one case per edge value. */
class ValueEncoderTest {
    private final ValueEncoder encoder = new ValueEncoder(new CharsetNames());

    static Stream<Arguments> values() {
        return Stream.of(
                // integers: the library hands unsigned values over wrapped
                row("tinyint -128", integer(MysqlType.TINYINT, false), -128, "-128"),
                row("tinyint unsigned 255", integer(MysqlType.TINYINT, true), -1, "255"),
                row("smallint unsigned 65535", integer(MysqlType.SMALLINT, true), -1, "65535"),
                row("smallint -32768", integer(MysqlType.SMALLINT, false), -32768, "-32768"),
                row("mediumint unsigned max", integer(MysqlType.MEDIUMINT, true), -1, "16777215"),
                row("mediumint min", integer(MysqlType.MEDIUMINT, false), -8388608, "-8388608"),
                row("int unsigned 3230202323", integer(MysqlType.INT, true), -1064764973, "3230202323"),
                row("int min", integer(MysqlType.INT, false), Integer.MIN_VALUE, "-2147483648"),
                row("bigint unsigned max", integer(MysqlType.BIGINT, true), -1L, "18446744073709551615"),
                row("bigint min", integer(MysqlType.BIGINT, false), Long.MIN_VALUE, "-9223372036854775808"),
                row("bigint unsigned small", integer(MysqlType.BIGINT, true), 6000000000L, "6000000000"),
                // decimal: plain, exact scale
                row("decimal scale 3", decimal(10, 3), new BigDecimal("-12.500"), "-12.500"),
                row("decimal(65,30) tiny", decimal(65, 30), new BigDecimal("0.000000000000000000000000000001"),
                        "0.000000000000000000000000000001"),
                row("decimal(65,30) big", decimal(65, 30),
                        new BigDecimal("99999999999999999999999999999999999.999999999999999999999999999999"),
                        "99999999999999999999999999999999999.999999999999999999999999999999"),
                row("decimal scale 0 large", decimal(65, 0), new BigDecimal("1E+30"),
                        "1000000000000000000000000000000"),
                row("decimal scale padded", decimal(5, 2), new BigDecimal("3"), "3.00"),
                // float/double: shortest round-trip text
                row("float max", simple(MysqlType.FLOAT), Float.MAX_VALUE, "3.4028235E38"),
                row("float 0.1", simple(MysqlType.FLOAT), 0.1f, "0.1"),
                row("float negative zero", simple(MysqlType.FLOAT), -0.0f, "-0.0"),
                row("double 0.1", simple(MysqlType.DOUBLE), 0.1d, "0.1"),
                row("double min subnormal", simple(MysqlType.DOUBLE), Double.MIN_VALUE, "4.9E-324"),
                row("double max", simple(MysqlType.DOUBLE), Double.MAX_VALUE, "1.7976931348623157E308"),
                // character data in the column's own charset
                row("utf8mb4 emoji", text(MysqlType.VARCHAR, "utf8mb4"), utf8("😀 café"), "😀 café"),
                row("latin1 is cp1252", text(MysqlType.VARCHAR, "latin1"), bytes(0x63, 0x61, 0x66, 0xE9, 0x80), "café€"),
                row("latin1 0x81 is a C1 control", text(MysqlType.CHAR, "latin1"), bytes(0x81), "\u0081"),
                row("gbk", text(MysqlType.TEXT, "gbk"), "中文".getBytes(Charset.forName("GBK")), "中文"),
                row("utf8mb3", text(MysqlType.CHAR, "utf8mb3"), utf8("naïve"), "naïve"),
                row("ucs2", text(MysqlType.VARCHAR, "ucs2"), bytes(0x00, 0x41, 0x04, 0x10), "AА"),
                row("text keeps backslash, tab and \\N unescaped", text(MysqlType.TEXT, "utf8mb4"), utf8("a\\b\t\\N"),
                        "a\\b\t\\N"),
                row("empty string", text(MysqlType.VARCHAR, "utf8mb4"), new byte[0], ""),
                // binary data as bytea hex
                row("binary(3) re-padded", binary(MysqlType.BINARY, 3), utf8("b3"), "\\x623300"),
                row("binary(4) all zero stripped", binary(MysqlType.BINARY, 4), new byte[0], "\\x00000000"),
                row("varbinary with 0x00 and backslash", binary(MysqlType.VARBINARY, 10), bytes(0x00, 0xFF, 0x5C),
                        "\\x00ff5c"),
                row("blob", binary(MysqlType.BLOB, 0), bytes(0x05), "\\x05"),
                row("geometry", binary(MysqlType.GEOMETRY, 0), bytes(0, 0, 0, 0, 1), "\\x0000000001"),
                row("vector", binary(MysqlType.VECTOR, 0), bytes(0, 0, 0x80, 0x3F), "\\x0000803f"),
                row("unknown", binary(MysqlType.UNKNOWN, 0), bytes(0xAB), "\\xab"),
                // dates and times
                row("date", temporal(MysqlType.DATE, 0), new RawDate(2024, 2, 29), "2024-02-29"),
                row("date year 1", temporal(MysqlType.DATE, 0), new RawDate(1, 1, 1), "0001-01-01"),
                row("date before 1582 exact", temporal(MysqlType.DATE, 0), new RawDate(1000, 3, 1), "1000-03-01"),
                row("zero date", temporal(MysqlType.DATE, 0), new RawDate(0, 0, 0), "0000-00-00"),
                row("partial zero date", temporal(MysqlType.DATE, 0), new RawDate(2020, 0, 15), "2020-00-15"),
                row("datetime(0)", temporal(MysqlType.DATETIME, 0), new RawDateTime(2024, 2, 29, 23, 59, 59, 0),
                        "2024-02-29 23:59:59"),
                row("datetime(6)", temporal(MysqlType.DATETIME, 6), new RawDateTime(2024, 2, 29, 23, 59, 59, 123456),
                        "2024-02-29 23:59:59.123456"),
                row("datetime(1)", temporal(MysqlType.DATETIME, 1), new RawDateTime(2024, 1, 2, 3, 4, 5, 500000),
                        "2024-01-02 03:04:05.5"),
                row("datetime(3) keeps trailing zeros", temporal(MysqlType.DATETIME, 3),
                        new RawDateTime(2024, 1, 2, 3, 4, 5, 100000), "2024-01-02 03:04:05.100"),
                row("zero datetime", temporal(MysqlType.DATETIME, 0), new RawDateTime(0, 0, 0, 0, 0, 0, 0),
                        "0000-00-00 00:00:00"),
                row("timestamp epoch+1", temporal(MysqlType.TIMESTAMP, 0), new RawTimestamp(1, 0),
                        "1970-01-01 00:00:01+00"),
                row("timestamp max", temporal(MysqlType.TIMESTAMP, 6), new RawTimestamp(2147483647L, 999999),
                        "2038-01-19 03:14:07.999999+00"),
                row("timestamp(2)", temporal(MysqlType.TIMESTAMP, 2), new RawTimestamp(1668952412L, 990000),
                        "2022-11-20 13:53:32.99+00"),
                row("zero timestamp", temporal(MysqlType.TIMESTAMP, 0), new RawTimestamp(0, 0), "0000-00-00 00:00:00"),
                row("time min", temporal(MysqlType.TIME, 0), new RawTime(true, 838, 59, 59, 0), "-838:59:59"),
                row("time over 24h", temporal(MysqlType.TIME, 1), new RawTime(false, 123, 0, 0, 500000), "123:00:00.5"),
                row("time small", temporal(MysqlType.TIME, 0), new RawTime(false, 5, 6, 7, 0), "05:06:07"),
                row("negative time below one hour", temporal(MysqlType.TIME, 6), new RawTime(true, 0, 0, 1, 500000),
                        "-00:00:01.500000"),
                row("year 0000", simple(MysqlType.YEAR), new RawYear(0), "0"),
                row("year 1901", simple(MysqlType.YEAR), new RawYear(1901), "1901"),
                row("year 2155", simple(MysqlType.YEAR), new RawYear(2155), "2155"),
                // BIT: exactly n characters, most significant first
                row("bit(3) b'101'", bit(3), bits(0, 2), "101"),
                row("bit(1) 1", bit(1), bits(0), "1"),
                row("bit(1) 0", bit(1), bits(), "0"),
                row("bit(64) top bit", bit(64), bits(63), "1" + "0".repeat(63)),
                row("bit(10)", bit(10), bits(0, 9), "1000000001"),
                // ENUM and SET
                row("enum label", labelled(MysqlType.ENUM, "small", "medium", "large"), 2, "medium"),
                row("enum index 0 is empty", labelled(MysqlType.ENUM, "small", "medium"), 0, ""),
                row("set bits in declaration order", labelled(MysqlType.SET, "one", "two", "three", "four"), 5L,
                        "one,three"),
                row("empty set", labelled(MysqlType.SET, "one", "two"), 0L, ""),
                row("set of 64", labelled(MysqlType.SET, sixtyFour()), Long.MIN_VALUE, "s63"),
                // JSON (MySQL binary)
                row("json empty value is null", simple(MysqlType.JSON), new byte[0], "null"),
                row("json literal true", simple(MysqlType.JSON), bytes(0x04, 0x01), "true"),
                row("json string with quote", simple(MysqlType.JSON), bytes(0x0C, 0x03, 'a', '"', 'b'), "\"a\\\"b\""),
                row("json double", simple(MysqlType.JSON), concatJson(0x0B, Double.doubleToLongBits(1e20)), "1e20"),
                row("json negative time (library gets it wrong)", simple(MysqlType.JSON),
                        jsonOpaque(11, -(((1L << 12) << 24) + 500000)), "\"-01:00:00.500000\""),
                row("json negative time under one hour", simple(MysqlType.JSON),
                        jsonOpaque(11, -((((long) (30 << 6)) << 24))), "\"-00:30:00.000000\""),
                row("json positive time", simple(MysqlType.JSON),
                        jsonOpaque(11, ((838L << 12 | 59 << 6 | 59) << 24)), "\"838:59:59.000000\""),
                row("json double 2.5", simple(MysqlType.JSON), concatJson(0x0B, Double.doubleToLongBits(2.5)), "2.5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void encodes(String name, ColumnDef col, Serializable raw, String expected) {
        assertThat(encoder.encode(col, raw)).isEqualTo(expected);
    }

    @Test
    void sqlNullIsNullForEveryType() {
        for (MysqlType t : MysqlType.values()) {
            assertThat(encoder.encode(new ColumnDef("c", t, false, 0, 0, 0, null, List.of(), true), null)).isNull();
        }
    }

    @Test
    void enumIndexOutsideLabelsNamesTheColumn() {
        assertThatThrownBy(() -> encoder.encode(labelled(MysqlType.ENUM, "a"), 3))
                .isInstanceOf(DecodeException.class).hasMessageContaining("'c'").hasMessageContaining("ENUM index 3");
    }

    @Test
    void unexpectedRawValueNamesTheColumnAndType() {
        assertThatThrownBy(() -> encoder.encode(temporal(MysqlType.DATE, 0), 5L))
                .isInstanceOf(DecodeException.class).hasMessageContaining("'c' (date)").hasMessageContaining("Long");
    }

    @Test
    void unknownCharsetIsATypedError() {
        assertThatThrownBy(() -> encoder.encode(text(MysqlType.VARCHAR, "dec8"), utf8("x")))
                .isInstanceOf(CharsetNames.UnknownCharsetException.class).hasMessageContaining("dec8");
    }

    private static Arguments row(String name, ColumnDef col, Serializable raw, String expected) {
        return Arguments.of(name, col, raw, expected);
    }

    private static ColumnDef integer(MysqlType t, boolean unsigned) {
        return new ColumnDef("c", t, unsigned, 0, 0, 0, null, List.of(), true);
    }

    private static ColumnDef decimal(int p, int s) {
        return new ColumnDef("c", MysqlType.DECIMAL, false, 0, p, s, null, List.of(), true);
    }

    private static ColumnDef simple(MysqlType t) {
        return new ColumnDef("c", t, false, 0, 0, 0, null, List.of(), true);
    }

    private static ColumnDef text(MysqlType t, String charset) {
        return new ColumnDef("c", t, false, 10, 0, 0, charset, List.of(), true);
    }

    private static ColumnDef binary(MysqlType t, int length) {
        return new ColumnDef("c", t, false, length, 0, 0, "binary", List.of(), true);
    }

    private static ColumnDef temporal(MysqlType t, int fsp) {
        return new ColumnDef("c", t, false, 0, 0, fsp, null, List.of(), true);
    }

    private static ColumnDef bit(int n) {
        return new ColumnDef("c", MysqlType.BIT, false, n, 0, 0, null, List.of(), true);
    }

    private static ColumnDef labelled(MysqlType t, String... labels) {
        return new ColumnDef("c", t, false, 0, 0, 0, "utf8mb4", List.of(labels), true);
    }

    private static String[] sixtyFour() {
        String[] s = new String[64];
        for (int i = 0; i < 64; i++) {
            s[i] = "s" + i;
        }
        return s;
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... v) {
        return RawCellsTest.bytes(v);
    }

    /** A binary JSON opaque scalar: 0x0F, the MySQL field type, length 8, the packed temporal value. */
    private static byte[] jsonOpaque(int fieldType, long packed) {
        return RawCellsTest.concat(bytes(0x0F, fieldType, 8), RawCellsTest.le(packed, 8));
    }

    private static byte[] concatJson(int type, long value) {
        return RawCellsTest.concat(bytes(type), RawCellsTest.le(value, 8));
    }
}
