package io.mysql2gp.common.source;

import io.mysql2gp.common.schema.MysqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Pure translation of information_schema.COLUMNS type text (DATA_TYPE, COLUMN_TYPE) to mysql2gp's types. */
public final class ColumnTypes {
    private ColumnTypes() {
    }

    /** The MysqlType for a DATA_TYPE value; {@code json} is a MariaDB LONGTEXT with a json_valid check. */
    public static MysqlType typeOf(String dataType, boolean jsonCheck) {
        String t = dataType.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "tinyint", "bool", "boolean" -> MysqlType.TINYINT;
            case "smallint" -> MysqlType.SMALLINT;
            case "mediumint" -> MysqlType.MEDIUMINT;
            case "int", "integer" -> MysqlType.INT;
            case "bigint" -> MysqlType.BIGINT;
            case "decimal", "numeric" -> MysqlType.DECIMAL;
            case "float" -> MysqlType.FLOAT;
            case "double", "real", "double precision" -> MysqlType.DOUBLE;
            case "bit" -> MysqlType.BIT;
            case "date" -> MysqlType.DATE;
            case "datetime" -> MysqlType.DATETIME;
            case "timestamp" -> MysqlType.TIMESTAMP;
            case "time" -> MysqlType.TIME;
            case "year" -> MysqlType.YEAR;
            case "char" -> MysqlType.CHAR;
            case "varchar" -> MysqlType.VARCHAR;
            case "binary", "uuid", "inet4", "inet6" -> MysqlType.BINARY;
            case "varbinary" -> MysqlType.VARBINARY;
            case "tinytext", "text", "mediumtext" -> MysqlType.TEXT;
            case "longtext" -> jsonCheck ? MysqlType.JSON : MysqlType.TEXT;
            case "tinyblob", "blob", "mediumblob", "longblob" -> MysqlType.BLOB;
            case "enum" -> MysqlType.ENUM;
            case "set" -> MysqlType.SET;
            case "json" -> MysqlType.JSON;
            case "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon",
                 "geometrycollection", "geomcollection" -> MysqlType.GEOMETRY;
            case "vector" -> MysqlType.VECTOR;
            default -> MysqlType.UNKNOWN;
        };
    }

    /** Fixed byte length of MariaDB's binary-stored types (uuid 16, inet4 4, inet6 16); 0 for others. */
    public static int fixedBinaryLength(String dataType) {
        return switch (dataType.trim().toLowerCase(Locale.ROOT)) {
            case "uuid", "inet6" -> 16;
            case "inet4" -> 4;
            default -> 0;
        };
    }

    /** Whether COLUMN_TYPE declares the column unsigned, e.g. {@code int(10) unsigned zerofill}. */
    public static boolean isUnsigned(String columnType) {
        return columnType != null && columnType.toLowerCase(Locale.ROOT).matches(".*\\)?\\s*unsigned(\\s+zerofill)?\\s*$");
    }

    /**
     * The labels of {@code enum('a','b')} or {@code set(...)} in declaration order: quotes doubled
     * inside a label, backslash escapes ({@code \\}, {@code \'}), commas and parentheses inside labels.
     */
    public static List<String> labels(String columnType) {
        int open = columnType.indexOf('(');
        if (open < 0) {
            throw new IllegalArgumentException("no label list in column type " + columnType);
        }
        List<String> labels = new ArrayList<>();
        int i = open + 1;
        while (i < columnType.length()) {
            char c = columnType.charAt(i);
            if (c == '\'') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= columnType.length()) {
                        throw new IllegalArgumentException("unterminated label in column type " + columnType);
                    }
                    char d = columnType.charAt(i);
                    if (d == '\'' && i + 1 < columnType.length() && columnType.charAt(i + 1) == '\'') {
                        sb.append('\'');
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        break;
                    } else if (d == '\\' && i + 1 < columnType.length()) {
                        sb.append(unescape(columnType.charAt(i + 1)));
                        i += 2;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                labels.add(sb.toString());
            } else if (c == ')') {
                return labels;
            } else {
                i++; // comma or space between labels
            }
        }
        throw new IllegalArgumentException("unterminated label list in column type " + columnType);
    }

    private static char unescape(char c) {
        return switch (c) {
            case 'n' -> '\n';
            case 't' -> '\t';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'Z' -> (char) 26;
            default -> c;
        };
    }
}
