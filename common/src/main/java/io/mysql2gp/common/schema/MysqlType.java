package io.mysql2gp.common.schema;

/**
 * The MySQL/MariaDB column types mysql2gp distinguishes. {@link #sqlName} is the lower-case
 * MySQL spelling used in the staging schema description and in messages.
 */
public enum MysqlType {
    TINYINT("tinyint"),
    SMALLINT("smallint"),
    MEDIUMINT("mediumint"),
    INT("int"),
    BIGINT("bigint"),
    DECIMAL("decimal"),
    FLOAT("float"),
    DOUBLE("double"),
    BIT("bit"),
    DATE("date"),
    DATETIME("datetime"),
    TIMESTAMP("timestamp"),
    TIME("time"),
    YEAR("year"),
    CHAR("char"),
    VARCHAR("varchar"),
    BINARY("binary"),
    VARBINARY("varbinary"),
    TEXT("text"),
    BLOB("blob"),
    ENUM("enum"),
    SET("set"),
    JSON("json"),
    GEOMETRY("geometry"),
    VECTOR("vector"),
    /** A type this version does not know; staged as bytes (bytea hex). */
    UNKNOWN("unknown");

    public final String sqlName;

    MysqlType(String sqlName) {
        this.sqlName = sqlName;
    }

    public boolean isInteger() {
        return this == TINYINT || this == SMALLINT || this == MEDIUMINT || this == INT || this == BIGINT;
    }

    public boolean isTemporal() {
        return this == DATE || this == DATETIME || this == TIMESTAMP || this == TIME || this == YEAR;
    }

    /** Whether values are character data (decoded with the column's charset unless it is binary). */
    public boolean isCharacter() {
        return this == CHAR || this == VARCHAR || this == TEXT || this == JSON;
    }

    public static MysqlType ofSqlName(String name) {
        for (MysqlType t : values()) {
            if (t.sqlName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown MySQL type name '" + name + "'");
    }
}
