package io.mysql2gp.common.schema;

import java.util.List;
import java.util.Objects;

/**
 * One source column as mysql2gp understands it.
 *
 * @param name      column name (from binlog metadata or information_schema)
 * @param type      the MySQL type
 * @param unsigned  integer/decimal/float columns declared UNSIGNED
 * @param length    CHAR/BINARY/VARCHAR/VARBINARY: declared length in characters (bytes for binary);
 *                  BIT: number of bits; otherwise 0
 * @param precision DECIMAL precision; otherwise 0
 * @param scale     DECIMAL scale, or fractional-second digits (0-6) of DATETIME/TIMESTAMP/TIME
 * @param charset   MySQL character set name (utf8mb4, latin1, gbk, ... or "binary"); null if not character data
 * @param labels    ENUM/SET labels in declaration order; empty otherwise
 * @param nullable  whether the column accepts NULL (true when unknown)
 */
public record ColumnDef(
        String name,
        MysqlType type,
        boolean unsigned,
        int length,
        int precision,
        int scale,
        String charset,
        List<String> labels,
        boolean nullable) {

    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A human-readable MySQL type such as {@code bigint unsigned}, {@code decimal(65,30)}, {@code datetime(6)}. */
    public String typeText() {
        StringBuilder sb = new StringBuilder(type.sqlName);
        switch (type) {
            case DECIMAL -> sb.append('(').append(precision).append(',').append(scale).append(')');
            case DATETIME, TIMESTAMP, TIME -> {
                if (scale > 0) {
                    sb.append('(').append(scale).append(')');
                }
            }
            case CHAR, VARCHAR, BINARY, VARBINARY, BIT -> sb.append('(').append(length).append(')');
            default -> { }
        }
        if (unsigned) {
            sb.append(" unsigned");
        }
        return sb.toString();
    }
}
