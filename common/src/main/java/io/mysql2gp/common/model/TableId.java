package io.mysql2gp.common.model;

import java.util.Objects;

/** A source table: MySQL database and table name, compared exactly (case as the binlog gives it). */
public record TableId(String db, String table) {
    public TableId {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(table, "table");
    }

    /** {@code db.table} for log messages; use {@link #quoted()} in text that users copy into SQL. */
    @Override
    public String toString() {
        return db + "." + table;
    }

    /** {@code "db"."table"} with embedded quotes doubled, PostgreSQL style. */
    public String quoted() {
        return quote(db) + "." + quote(table);
    }

    /** Quotes one PostgreSQL identifier, doubling embedded double quotes. */
    public static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
