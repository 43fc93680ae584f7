package io.mysql2gp.miner.decode;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonBinary;
import com.github.shyiko.mysql.binlog.event.deserialization.json.JsonFormatter;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Renders MySQL binary JSON as the text MySQL itself prints for the document ({@code {"a": 1, "b": [1, 2]}}):
 * ", " and ": " separators, DATETIME/TIME with 6 fraction digits, DECIMAL with its scale, other opaque
 * values as {@code "base64:typeN:..."}.
 */
final class MysqlJsonText implements JsonFormatter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(64);

    private MysqlJsonText() {}

    /** The JSON text of a binary JSON value; an empty value (possible in the binlog) is {@code null}. */
    static String toText(byte[] binaryJson) throws IOException {
        MysqlJsonText f = new MysqlJsonText();
        if (binaryJson.length == 0) {
            return "null";
        }
        new Reader(binaryJson).parse(f);
        return f.sb.toString();
    }

    /** The library's parser with negative TIME values decoded correctly. */
    private static final class Reader extends JsonBinary {
        Reader(byte[] bytes) {
            super(bytes);
        }

        @Override
        protected void parseTime(JsonFormatter formatter) throws IOException {
            long packed = readInt64();
            boolean negative = packed < 0;
            if (negative) {
                packed = -packed;
            }
            long hms = packed >> 24;
            ((MysqlJsonText) formatter).time(negative, (int) ((hms >> 12) & 0x3FF), (int) ((hms >> 6) & 0x3F),
                    (int) (hms & 0x3F), (int) (packed & 0xFFFFFF));
        }
    }

    @Override public void beginObject(int numElements) {
        sb.append('{');
    }

    @Override public void beginArray(int numElements) {
        sb.append('[');
    }

    @Override public void endObject() {
        sb.append('}');
    }

    @Override public void endArray() {
        sb.append(']');
    }

    @Override public void name(String name) {
        string(name);
        sb.append(": ");
    }

    @Override public void nextEntry() {
        sb.append(", ");
    }

    @Override public void value(String value) {
        string(value);
    }

    @Override public void value(int value) {
        sb.append(value);
    }

    @Override public void value(long value) {
        sb.append(value);
    }

    @Override public void value(double value) {
        String s = Double.toString(value);
        int e = s.indexOf('E');
        if (e < 0) {
            sb.append(s);
            return;
        }
        String mantissa = s.substring(0, e);
        sb.append(mantissa.endsWith(".0") ? mantissa.substring(0, mantissa.length() - 2) : mantissa)
                .append('e').append(s, e + 1, s.length());
    }

    @Override public void value(BigInteger value) {
        sb.append(value);
    }

    @Override public void value(BigDecimal value) {
        sb.append(value.toPlainString());
    }

    @Override public void value(boolean value) {
        sb.append(value);
    }

    @Override public void valueNull() {
        sb.append("null");
    }

    @Override public void valueYear(int year) {
        sb.append(year);
    }

    @Override public void valueDate(int year, int month, int day) {
        sb.append('"');
        Temporals.date(sb, year, month, day);
        sb.append('"');
    }

    @Override public void valueDatetime(int year, int month, int day, int hour, int min, int sec, int micros) {
        sb.append('"');
        Temporals.date(sb, year, month, day);
        sb.append(' ');
        Temporals.clock(sb, hour, min, sec, micros, 6);
        sb.append('"');
    }

    @Override public void valueTime(int hour, int min, int sec, int micros) {
        time(hour < 0, Math.abs(hour), min, sec, micros);
    }

    void time(boolean negative, int hour, int min, int sec, int micros) {
        sb.append('"');
        if (negative) {
            sb.append('-');
        }
        Temporals.clock(sb, hour, min, sec, micros, 6);
        sb.append('"');
    }

    @Override public void valueTimestamp(long secondsPastEpoch, int micros) {
        sb.append('"');
        Temporals.utc(sb, secondsPastEpoch, micros, 6);
        sb.append('"');
    }

    @Override public void valueOpaque(ColumnType type, byte[] value) {
        sb.append("\"base64:type").append(type.getCode()).append(':')
                .append(Base64.getEncoder().encodeToString(value)).append('"');
    }

    private void string(String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
