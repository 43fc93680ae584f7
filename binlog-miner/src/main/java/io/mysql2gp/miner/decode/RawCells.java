package io.mysql2gp.miner.decode;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * Reads the cells the library decodes wrongly or lossily (temporal types, CHAR/BINARY/VARCHAR) into
 * exact raw values; shared by the row-event deserializer subclasses.
 */
public final class RawCells {
    /** Returned by {@link #read} for column types left to the library. */
    public static final Serializable NOT_HANDLED = new Serializable() {};

    private static final long TIMEF_INT_OFS = 0x800000L;
    private static final long TIMEF_OFS = 0x800000000000L;
    private static final long DATETIMEF_INT_OFS = 0x8000000000L;

    private RawCells() {}

    /** Reads one non-NULL cell of {@code type}, or returns {@link #NOT_HANDLED} without reading. */
    public static Serializable read(ColumnType type, int meta, int length, ByteArrayInputStream in)
            throws IOException {
        return switch (type) {
            case DATE, NEWDATE -> date(in.readInteger(3));
            case TIME -> timeV1(in.readInteger(3));
            case TIME_V2 -> timeV2(meta, bigEndian(in, 3 + fracBytes(meta)));
            case DATETIME -> datetimeV1(in.readLong(8));
            case DATETIME_V2 -> datetimeV2(meta, bigEndian(in, 5), bigEndian(in, fracBytes(meta)));
            case TIMESTAMP -> new RawTimestamp(in.readLong(4), 0);
            case TIMESTAMP_V2 -> new RawTimestamp(bigEndian(in, 4), fracMicros(meta, bigEndian(in, fracBytes(meta))));
            case YEAR -> year(in.readInteger(1));
            case STRING -> in.read(length < 256 ? in.readInteger(1) : in.readInteger(2));
            case VARCHAR, VAR_STRING -> in.read(meta < 256 ? in.readInteger(1) : in.readInteger(2));
            default -> NOT_HANDLED;
        };
    }

    static RawDate date(int packed) {
        return new RawDate(packed >>> 9, (packed >>> 5) & 0x0F, packed & 0x1F);
    }

    static RawYear year(int stored) {
        return new RawYear(stored == 0 ? 0 : 1900 + stored);
    }

    /** Old TIME: a signed 3-byte integer HHMMSS (little-endian). */
    static RawTime timeV1(int unsigned24) {
        int v = (unsigned24 << 8) >> 8;
        boolean neg = v < 0;
        v = Math.abs(v);
        return new RawTime(neg, v / 10000, v / 100 % 100, v % 100, 0);
    }

    /** TIME2 (MySQL 5.6.4+, MariaDB with mysql56_temporal_format): 3 bytes + (fsp+1)/2 bytes, big-endian. */
    static RawTime timeV2(int fsp, long raw) {
        long packed;
        switch (fracBytes(fsp)) {
            case 0 -> packed = (raw - TIMEF_INT_OFS) << 24;
            case 1 -> {
                long intPart = (raw >> 8) - TIMEF_INT_OFS;
                long frac = raw & 0xFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x100;
                }
                packed = (intPart << 24) + frac * 10000;
            }
            case 2 -> {
                long intPart = (raw >> 16) - TIMEF_INT_OFS;
                long frac = raw & 0xFFFF;
                if (intPart < 0 && frac != 0) {
                    intPart++;
                    frac -= 0x10000;
                }
                packed = (intPart << 24) + frac * 100;
            }
            default -> packed = raw - TIMEF_OFS;
        }
        boolean neg = packed < 0;
        if (neg) {
            packed = -packed;
        }
        long hms = packed >> 24;
        return new RawTime(neg, (int) ((hms >> 12) & 0x3FF), (int) ((hms >> 6) & 0x3F), (int) (hms & 0x3F),
                (int) (packed & 0xFFFFFF));
    }

    /** Old DATETIME: 8-byte little-endian integer YYYYMMDDhhmmss. */
    static RawDateTime datetimeV1(long v) {
        long date = v / 1000000;
        long time = v % 1000000;
        return new RawDateTime((int) (date / 10000), (int) (date / 100 % 100), (int) (date % 100),
                (int) (time / 10000), (int) (time / 100 % 100), (int) (time % 100), 0);
    }

    /** DATETIME2: 5 bytes big-endian (sign, year*13+month, day, hour, minute, second) + fraction. */
    static RawDateTime datetimeV2(int fsp, long raw5, long frac) {
        long v = raw5 - DATETIMEF_INT_OFS;
        long ymd = v >> 17;
        long hms = v & 0x1FFFF;
        long ym = ymd >> 5;
        return new RawDateTime((int) (ym / 13), (int) (ym % 13), (int) (ymd & 0x1F),
                (int) (hms >> 12), (int) ((hms >> 6) & 0x3F), (int) (hms & 0x3F), fracMicros(fsp, frac));
    }

    static int fracBytes(int fsp) {
        return (fsp + 1) / 2;
    }

    /** Converts the stored fraction (1 byte: 1/100 s, 2 bytes: 1/10000 s, 3 bytes: micros) to micros. */
    static int fracMicros(int fsp, long frac) {
        return switch (fracBytes(fsp)) {
            case 0 -> 0;
            case 1 -> (int) frac * 10000;
            case 2 -> (int) frac * 100;
            default -> (int) frac;
        };
    }

    private static long bigEndian(ByteArrayInputStream in, int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | in.read();
        }
        return v;
    }
}
