package io.mysql2gp.loader.apply;

/** Quoting helpers for SQL text sent to the target. */
final class Sql {
    private Sql() {}

    /** A quoted identifier: {@code "a""b"} for {@code a"b}. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A standard-conforming string literal: {@code 'it''s'}. */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
