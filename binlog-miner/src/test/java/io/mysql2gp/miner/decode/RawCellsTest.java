package io.mysql2gp.miner.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.HashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Byte-level decoding of cells by our row deserializer subclass, against MySQL's storage formats. */
class RawCellsTest {
    private final RawWriteRowsDeserializer deserializer = new RawWriteRowsDeserializer(new HashMap<>());

    static Stream<Arguments> cells() {
        return Stream.of(
                // DATE: 3 bytes little-endian, day | month << 5 | year << 9
                Arguments.of("date leap day", ColumnType.DATE, 0, 0, le(date(2024, 2, 29), 3), new RawDate(2024, 2, 29)),
                Arguments.of("zero date", ColumnType.DATE, 0, 0, le(0, 3), new RawDate(0, 0, 0)),
                Arguments.of("partial zero date", ColumnType.DATE, 0, 0, le(date(2020, 0, 15), 3), new RawDate(2020, 0, 15)),
                Arguments.of("year 1", ColumnType.DATE, 0, 0, le(date(1, 1, 1), 3), new RawDate(1, 1, 1)),
                Arguments.of("before Gregorian reform", ColumnType.DATE, 0, 0, le(date(1582, 10, 4), 3),
                        new RawDate(1582, 10, 4)),
                Arguments.of("max date", ColumnType.DATE, 0, 0, le(date(9999, 12, 31), 3), new RawDate(9999, 12, 31)),
                // TIME2
                Arguments.of("time min", ColumnType.TIME_V2, 0, 0, bytes(0x4B, 0x91, 0x05), new RawTime(true, 838, 59, 59, 0)),
                Arguments.of("time max", ColumnType.TIME_V2, 0, 0, bytes(0xB4, 0x6E, 0xFB), new RawTime(false, 838, 59, 59, 0)),
                Arguments.of("time -507:48:27 (MySQL 8 fixture)", ColumnType.TIME_V2, 0, 0, bytes(0x60, 0x43, 0xE5),
                        new RawTime(true, 507, 48, 27, 0)),
                Arguments.of("time zero", ColumnType.TIME_V2, 0, 0, bytes(0x80, 0x00, 0x00), new RawTime(false, 0, 0, 0, 0)),
                Arguments.of("time fsp1", ColumnType.TIME_V2, 1, 0, time2(false, 123, 0, 0, 500000, 1),
                        new RawTime(false, 123, 0, 0, 500000)),
                Arguments.of("negative time fsp2 with fraction", ColumnType.TIME_V2, 2, 0, time2(true, 0, 0, 1, 500000, 2),
                        new RawTime(true, 0, 0, 1, 500000)),
                Arguments.of("negative time fsp3", ColumnType.TIME_V2, 3, 0, time2(true, 12, 34, 56, 789000, 3),
                        new RawTime(true, 12, 34, 56, 789000)),
                Arguments.of("negative time fsp4", ColumnType.TIME_V2, 4, 0, time2(true, 838, 59, 58, 999900, 4),
                        new RawTime(true, 838, 59, 58, 999900)),
                Arguments.of("negative time fsp6", ColumnType.TIME_V2, 6, 0, time2(true, 1, 2, 3, 4, 6),
                        new RawTime(true, 1, 2, 3, 4)),
                Arguments.of("time fsp5", ColumnType.TIME_V2, 5, 0, time2(false, 25, 0, 0, 123450, 5),
                        new RawTime(false, 25, 0, 0, 123450)),
                Arguments.of("old time negative", ColumnType.TIME, 0, 0, le(-8385959 & 0xFFFFFF, 3),
                        new RawTime(true, 838, 59, 59, 0)),
                // DATETIME2
                Arguments.of("datetime fsp0", ColumnType.DATETIME_V2, 0, 0, datetime2(2024, 2, 29, 23, 59, 59, 0, 0),
                        new RawDateTime(2024, 2, 29, 23, 59, 59, 0)),
                Arguments.of("zero datetime", ColumnType.DATETIME_V2, 0, 0, datetime2(0, 0, 0, 0, 0, 0, 0, 0),
                        new RawDateTime(0, 0, 0, 0, 0, 0, 0)),
                Arguments.of("datetime fsp1", ColumnType.DATETIME_V2, 1, 0, datetime2(1000, 1, 1, 0, 0, 0, 100000, 1),
                        new RawDateTime(1000, 1, 1, 0, 0, 0, 100000)),
                Arguments.of("datetime fsp3", ColumnType.DATETIME_V2, 3, 0, datetime2(1, 1, 1, 1, 1, 1, 123000, 3),
                        new RawDateTime(1, 1, 1, 1, 1, 1, 123000)),
                Arguments.of("datetime fsp6", ColumnType.DATETIME_V2, 6, 0, datetime2(9999, 12, 31, 23, 59, 59, 999999, 6),
                        new RawDateTime(9999, 12, 31, 23, 59, 59, 999999)),
                Arguments.of("old datetime", ColumnType.DATETIME, 0, 0, le(20240229235959L, 8),
                        new RawDateTime(2024, 2, 29, 23, 59, 59, 0)),
                // TIMESTAMP2
                Arguments.of("timestamp fsp0", ColumnType.TIMESTAMP_V2, 0, 0, be(1, 4), new RawTimestamp(1, 0)),
                Arguments.of("zero timestamp", ColumnType.TIMESTAMP_V2, 0, 0, be(0, 4), new RawTimestamp(0, 0)),
                Arguments.of("timestamp fsp2", ColumnType.TIMESTAMP_V2, 2, 0, concat(be(2147483647L, 4), be(99, 1)),
                        new RawTimestamp(2147483647L, 990000)),
                Arguments.of("timestamp fsp4", ColumnType.TIMESTAMP_V2, 4, 0, concat(be(1668952412L, 4), be(1234, 2)),
                        new RawTimestamp(1668952412L, 123400)),
                Arguments.of("timestamp fsp6", ColumnType.TIMESTAMP_V2, 6, 0, concat(be(1668952412L, 4), be(654321, 3)),
                        new RawTimestamp(1668952412L, 654321)),
                Arguments.of("old timestamp", ColumnType.TIMESTAMP, 0, 0, le(1668952412L, 4), new RawTimestamp(1668952412L, 0)),
                // YEAR
                Arguments.of("year 0000", ColumnType.YEAR, 0, 0, bytes(0), new RawYear(0)),
                Arguments.of("year 1901", ColumnType.YEAR, 0, 0, bytes(1), new RawYear(1901)),
                Arguments.of("year 2155", ColumnType.YEAR, 0, 0, bytes(255), new RawYear(2155)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void decodesCell(String name, ColumnType type, int meta, int length, byte[] stored, Serializable expected)
            throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(stored);
        assertThat(deserializer.deserializeCell(type, meta, length, in)).isEqualTo(expected);
        assertThat(in.available()).as("all bytes consumed").isZero();
    }

    @Test
    void charAndBinaryAreBytesWithOneOrTwoLengthBytes() throws IOException {
        byte[] shortChar = {3, 'a', 0, (byte) 0xFF};
        assertThat((byte[]) deserializer.deserializeCell(ColumnType.STRING, 0xFE03, 3, new ByteArrayInputStream(shortChar)))
                .containsExactly('a', 0, 0xFF);
        byte[] longChar = new byte[2 + 300];
        longChar[0] = 44;
        longChar[1] = 1; // 300 = 0x012C, little-endian
        assertThat((byte[]) deserializer.deserializeCell(ColumnType.STRING, 0xEE2C, 512, new ByteArrayInputStream(longChar)))
                .hasSize(300);
        byte[] varchar = {2, (byte) 0xC3, (byte) 0xA9};
        assertThat((byte[]) deserializer.deserializeCell(ColumnType.VARCHAR, 100, 0, new ByteArrayInputStream(varchar)))
                .containsExactly(0xC3, 0xA9);
        byte[] longVarchar = {1, 0, 'x'};
        assertThat((byte[]) deserializer.deserializeCell(ColumnType.VARCHAR, 1200, 0, new ByteArrayInputStream(longVarchar)))
                .containsExactly('x');
    }

    @Test
    void integersStayWithTheLibraryAndArriveWrapped() throws IOException {
        assertThat(deserializer.deserializeCell(ColumnType.TINY, 0, 0, new ByteArrayInputStream(bytes(0xFF))))
                .isEqualTo(-1);
        assertThat(deserializer.deserializeCell(ColumnType.LONGLONG, 0, 0,
                new ByteArrayInputStream(le(-1L, 8)))).isEqualTo(-1L);
    }

    // --- MySQL storage encoders for the cases above ---

    static int date(int y, int m, int d) {
        return y << 9 | m << 5 | d;
    }

    /** MySQL's my_time_packed_to_binary. */
    static byte[] time2(boolean negative, int h, int m, int s, int micros, int fsp) {
        long packed = (((long) h << 12 | m << 6 | s) << 24) + micros;
        if (negative) {
            packed = -packed;
        }
        long intPart = packed >> 24;
        long frac = packed % (1L << 24);
        return switch ((fsp + 1) / 2) {
            case 0 -> be(intPart + 0x800000L, 3);
            case 1 -> concat(be(intPart + 0x800000L, 3), be((frac / 10000) & 0xFF, 1));
            case 2 -> concat(be(intPart + 0x800000L, 3), be((frac / 100) & 0xFFFF, 2));
            default -> be(packed + 0x800000000000L, 6);
        };
    }

    static byte[] datetime2(int y, int mo, int d, int h, int mi, int s, int micros, int fsp) {
        long ymd = ((long) (y * 13 + mo) << 5) | d;
        long v = (ymd << 17 | (long) h << 12 | (long) mi << 6 | s) + 0x8000000000L;
        byte[] frac = switch ((fsp + 1) / 2) {
            case 0 -> new byte[0];
            case 1 -> be(micros / 10000, 1);
            case 2 -> be(micros / 100, 2);
            default -> be(micros, 3);
        };
        return concat(be(v, 5), frac);
    }

    static byte[] le(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (v >> (8 * i));
        }
        return b;
    }

    static byte[] be(long v, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[n - 1 - i] = (byte) (v >> (8 * i));
        }
        return b;
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
