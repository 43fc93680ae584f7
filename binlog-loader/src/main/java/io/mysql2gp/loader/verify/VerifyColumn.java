package io.mysql2gp.loader.verify;

import io.mysql2gp.common.schema.ColumnDef;
import io.mysql2gp.common.schema.MysqlType;
import java.util.Objects;

/**
 * One source column paired with its target column, and the way both sides render it to the same
 * canonical text ({@link Kind}).
 *
 * @param source     the source column
 * @param dataType   information_schema DATA_TYPE on the source (tells MariaDB uuid from binary)
 * @param targetName the target column's name
 * @param targetBase the target column's base type name (pg_type.typname, e.g. int8, numeric, bytea)
 * @param targetType the target column's type without modifier (format_type), used in casts
 */
public record VerifyColumn(ColumnDef source, String dataType, String targetName, String targetBase, String targetType) {
    /** How a column is rendered to canonical text on both sides. */
    public enum Kind {
        /** integers, YEAR and DECIMAL: the plain number. */
        NUMBER,
        /** character data, ENUM, SET, JSON into a json/text column: the characters. */
        TEXT,
        /** binary data: lower-case hex. */
        HEX,
        /** MariaDB UUID into a uuid column: 32 lower-case hex digits. */
        UUID,
        /** BIT(n): n characters 0/1. */
        BITS,
        /** BIT into a boolean column: 0 or 1. */
        BOOL,
        /** DATE: YYYY-MM-DD; zero dates by the zero_date rule. */
        DATE,
        /** DATETIME: YYYY-MM-DD HH:MM:SS.ffffff; zero dates by the zero_date rule. */
        DATETIME,
        /** TIMESTAMP: the UTC instant as YYYY-MM-DD HH:MM:SS.ffffff; zero by the zero_date rule. */
        TIMESTAMP,
        /** TIME: signed total microseconds. */
        TIME,
        /**
         * FLOAT/DOUBLE: in SQL rounded to 9 (float) or 15 (double) significant digits as
         * {@code <mantissa>e<exponent>} (below 1e-300 only "tiny"), exact in Java for the rows read.
         */
        FLOAT,
        /** JSON into jsonb: only NULL-ness in SQL, values compared in Java (parsed). */
        JAVA
    }

    public VerifyColumn {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(targetName, "targetName");
        Objects.requireNonNull(targetBase, "targetBase");
        Objects.requireNonNull(targetType, "targetType");
    }

    /** Whether the SQL text of this column is not exact and its values are compared in Java. */
    public boolean javaCompared() {
        Kind k = kind();
        return k == Kind.FLOAT || k == Kind.JAVA;
    }

    public String name() {
        return source.name();
    }

    public Kind kind() {
        MysqlType t = source.type();
        return switch (t) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT, YEAR, DECIMAL -> Kind.NUMBER;
            case FLOAT, DOUBLE -> Kind.FLOAT;
            case JSON -> targetBase.equals("jsonb") ? Kind.JAVA : Kind.TEXT;
            case CHAR, VARCHAR, TEXT, ENUM, SET -> Kind.TEXT;
            case BIT -> targetBase.equals("bool") ? Kind.BOOL : Kind.BITS;
            case DATE -> Kind.DATE;
            case DATETIME -> Kind.DATETIME;
            case TIMESTAMP -> Kind.TIMESTAMP;
            case TIME -> Kind.TIME;
            case BINARY, VARBINARY, BLOB, GEOMETRY, VECTOR, UNKNOWN -> targetBase.equals("uuid") ? Kind.UUID : Kind.HEX;
        };
    }
}
