package io.mysql2gp.miner.decode;

import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.BitSet;
import java.util.List;

/**
 * Turns one raw cell from our row deserializers into its canonical staging text (docs/STAGING.md),
 * not yet COPY-escaped; SQL NULL gives null. Not thread-safe (reuses a buffer).
 */
public final class ValueEncoder {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final CharsetNames charsets;
    private final StringBuilder sb = new StringBuilder(64);

    public ValueEncoder(CharsetNames charsets) {
        this.charsets = charsets;
    }

    /** The canonical text of {@code raw} for column {@code col}; throws {@link DecodeException} naming the column. */
    public String encode(ColumnDef col, Serializable raw) {
        if (raw == null) {
            return null;
        }
        try {
            return switch (col.type()) {
                case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> integer(col, raw);
                case DECIMAL -> decimal(col, (BigDecimal) raw);
                case FLOAT -> Float.toString((Float) raw);
                case DOUBLE -> Double.toString((Double) raw);
                case BIT -> bits(col.length(), (BitSet) raw);
                case DATE -> date((RawDate) raw);
                case DATETIME -> datetime(col.scale(), (RawDateTime) raw);
                case TIMESTAMP -> timestamp(col.scale(), (RawTimestamp) raw);
                case TIME -> time(col.scale(), (RawTime) raw);
                case YEAR -> Integer.toString(((RawYear) raw).year());
                case CHAR, VARCHAR, TEXT -> text(col, (byte[]) raw);
                case BINARY -> hex(padded((byte[]) raw, col.length()));
                case ENUM -> enumLabel(col.labels(), ((Number) raw).intValue());
                case SET -> setLabels(col.labels(), ((Number) raw).longValue());
                case JSON -> MysqlJsonText.toText((byte[]) raw);
                case VARBINARY, BLOB, GEOMETRY, VECTOR, UNKNOWN -> hex((byte[]) raw);
            };
        } catch (ClassCastException | IOException | ArithmeticException | IllegalArgumentException e) {
            throw new DecodeException("column '" + col.name() + "' (" + col.typeText() + "): cannot encode value of "
                    + raw.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static String integer(ColumnDef col, Serializable raw) {
        long v = ((Number) raw).longValue();
        if (!col.unsigned()) {
            return Long.toString(v);
        }
        return switch (col.type()) {
            case TINYINT -> Long.toString(v & 0xFFL);
            case SMALLINT -> Long.toString(v & 0xFFFFL);
            case MEDIUMINT -> Long.toString(v & 0xFFFFFFL);
            case INT -> Long.toString(v & 0xFFFFFFFFL);
            default -> Long.toUnsignedString(v);
        };
    }

    private static String decimal(ColumnDef col, BigDecimal v) {
        BigDecimal scaled = v.scale() == col.scale() ? v : v.setScale(col.scale(), RoundingMode.UNNECESSARY);
        return scaled.toPlainString();
    }

    private String bits(int n, BitSet bits) {
        sb.setLength(0);
        for (int i = n - 1; i >= 0; i--) {
            sb.append(bits.get(i) ? '1' : '0');
        }
        return sb.toString();
    }

    private String date(RawDate d) {
        sb.setLength(0);
        Temporals.date(sb, d.year(), d.month(), d.day());
        return sb.toString();
    }

    private String datetime(int fsp, RawDateTime d) {
        sb.setLength(0);
        Temporals.date(sb, d.year(), d.month(), d.day());
        sb.append(' ');
        Temporals.clock(sb, d.hour(), d.minute(), d.second(), d.micros(), fsp);
        return sb.toString();
    }

    private String timestamp(int fsp, RawTimestamp t) {
        sb.setLength(0);
        if (t.isZero()) {
            Temporals.date(sb, 0, 0, 0);
            sb.append(' ');
            Temporals.clock(sb, 0, 0, 0, 0, fsp);
            return sb.toString();
        }
        Temporals.utc(sb, t.epochSecond(), t.micros(), fsp);
        return sb.append("+00").toString();
    }

    private String time(int fsp, RawTime t) {
        sb.setLength(0);
        if (t.negative()) {
            sb.append('-');
        }
        Temporals.clock(sb, t.hours(), t.minutes(), t.seconds(), t.micros(), fsp);
        return sb.toString();
    }

    private String text(ColumnDef col, byte[] bytes) {
        String cs = col.charset();
        if (cs == null || CharsetNames.BINARY.equals(cs)) {
            return hex(bytes);
        }
        return charsets.decode(bytes, cs);
    }

    private static byte[] padded(byte[] b, int length) {
        if (b.length >= length) {
            return b;
        }
        byte[] out = new byte[length];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private String hex(byte[] b) {
        sb.setLength(0);
        sb.append("\\x");
        for (byte x : b) {
            sb.append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
        }
        return sb.toString();
    }

    private static String enumLabel(List<String> labels, int index) {
        if (index == 0) {
            return "";
        }
        if (index < 0 || index > labels.size()) {
            throw new IllegalArgumentException("ENUM index " + index + " outside the " + labels.size() + " labels");
        }
        return labels.get(index - 1);
    }

    private String setLabels(List<String> labels, long mask) {
        if (labels.size() < 64 && (mask >>> labels.size()) != 0) {
            throw new IllegalArgumentException("SET bits 0x" + Long.toHexString(mask) + " outside the "
                    + labels.size() + " labels");
        }
        sb.setLength(0);
        for (int i = 0; i < labels.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(labels.get(i));
            }
        }
        return sb.toString();
    }
}
