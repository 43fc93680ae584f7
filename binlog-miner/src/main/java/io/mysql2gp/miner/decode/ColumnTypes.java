package io.mysql2gp.miner.decode;

import io.mysql2gp.common.schema.CharsetNames;
import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.List;

/** Resolves a table-map column type code and its metadata into a MySQL type with lengths and scale. */
final class ColumnTypes {
    /** How a column's values are stored, before the charset decides between text and binary. */
    enum Kind { FIXED, ENUM, SET, FIXED_STRING, VAR_STRING, BLOB }

    /**
     * @param type   the type for {@link Kind#FIXED} columns (null for the string kinds)
     * @param length max bytes for strings, bits for BIT
     */
    record Resolved(Kind kind, MysqlType type, int length, int precision, int scale) {
        boolean isCharacter() {
            return kind == Kind.FIXED_STRING || kind == Kind.VAR_STRING || kind == Kind.BLOB;
        }

        boolean isEnumOrSet() {
            return kind == Kind.ENUM || kind == Kind.SET;
        }

        ColumnDef toColumn(String name, boolean unsigned, String charset, List<String> labels, boolean nullable) {
            boolean binary = CharsetNames.BINARY.equals(charset);
            int perChar = charset == null || binary ? 1 : CharsetNames.maxBytesPerChar(charset);
            return switch (kind) {
                case FIXED -> new ColumnDef(name, type, unsigned, length, precision, scale, null, List.of(), nullable);
                case ENUM -> new ColumnDef(name, MysqlType.ENUM, false, 0, 0, 0, charset, labels, nullable);
                case SET -> new ColumnDef(name, MysqlType.SET, false, 0, 0, 0, charset, labels, nullable);
                case FIXED_STRING -> new ColumnDef(name, binary ? MysqlType.BINARY : MysqlType.CHAR, false,
                        length / perChar, 0, 0, charset, List.of(), nullable);
                case VAR_STRING -> new ColumnDef(name, binary ? MysqlType.VARBINARY : MysqlType.VARCHAR, false,
                        length / perChar, 0, 0, charset, List.of(), nullable);
                case BLOB -> new ColumnDef(name, binary ? MysqlType.BLOB : MysqlType.TEXT, false, 0, 0, 0,
                        charset, List.of(), nullable);
            };
        }
    }

    private ColumnTypes() {}

    static Resolved resolve(int code, int meta) {
        return switch (code) {
            case 1 -> fixed(MysqlType.TINYINT);
            case 2 -> fixed(MysqlType.SMALLINT);
            case 9 -> fixed(MysqlType.MEDIUMINT);
            case 3 -> fixed(MysqlType.INT);
            case 8 -> fixed(MysqlType.BIGINT);
            case 4 -> fixed(MysqlType.FLOAT);
            case 5 -> fixed(MysqlType.DOUBLE);
            case 246 -> new Resolved(Kind.FIXED, MysqlType.DECIMAL, 0, meta & 0xFF, meta >> 8);
            case 16 -> new Resolved(Kind.FIXED, MysqlType.BIT, (meta >> 8) * 8 + (meta & 0xFF), 0, 0);
            case 10, 14 -> fixed(MysqlType.DATE);
            case 11 -> fixed(MysqlType.TIME);
            case 19 -> new Resolved(Kind.FIXED, MysqlType.TIME, 0, 0, meta);
            case 12 -> fixed(MysqlType.DATETIME);
            case 18 -> new Resolved(Kind.FIXED, MysqlType.DATETIME, 0, 0, meta);
            case 7 -> fixed(MysqlType.TIMESTAMP);
            case 17 -> new Resolved(Kind.FIXED, MysqlType.TIMESTAMP, 0, 0, meta);
            case 13 -> fixed(MysqlType.YEAR);
            case 245 -> fixed(MysqlType.JSON);
            case 255 -> fixed(MysqlType.GEOMETRY);
            case 242 -> fixed(MysqlType.VECTOR);
            case 247 -> new Resolved(Kind.ENUM, null, 0, 0, 0);
            case 248 -> new Resolved(Kind.SET, null, 0, 0, 0);
            case 15, 253 -> new Resolved(Kind.VAR_STRING, null, meta, 0, 0);
            case 249, 250, 251, 252 -> new Resolved(Kind.BLOB, null, 0, 0, 0);
            case 254 -> string(meta);
            default -> fixed(MysqlType.UNKNOWN);
        };
    }

    /** STRING (254) carries the real type (CHAR/BINARY, ENUM, SET) and a 10-bit length in its metadata. */
    private static Resolved string(int meta) {
        if (meta < 256) {
            return new Resolved(Kind.FIXED_STRING, null, meta, 0, 0);
        }
        int realType = meta >> 8;
        int low = meta & 0xFF;
        if ((realType & 0x30) != 0x30) {
            // CHAR longer than 255 bytes: two length bits are stored, inverted, in the type byte
            return new Resolved(Kind.FIXED_STRING, null, low | (((realType & 0x30) ^ 0x30) << 4), 0, 0);
        }
        return switch (realType) {
            case 247 -> new Resolved(Kind.ENUM, null, 0, 0, 0);
            case 248 -> new Resolved(Kind.SET, null, 0, 0, 0);
            default -> new Resolved(Kind.FIXED_STRING, null, low, 0, 0);
        };
    }

    private static Resolved fixed(MysqlType type) {
        return new Resolved(Kind.FIXED, type, 0, 0, 0);
    }
}
