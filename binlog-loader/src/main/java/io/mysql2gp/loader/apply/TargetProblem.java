package io.mysql2gp.loader.apply;

/**
 * A problem with one target table that the loader cannot fix by retrying at once (missing table or
 * column, incompatible types, a value the target rejects): the loader pauses that table.
 * {@link #table()} is the target table as {@code schema.table}; {@link #column()} may be null.
 */
public class TargetProblem extends RuntimeException {
    private final String table;
    private final String column;

    public TargetProblem(String table, String column, String message) {
        this(table, column, message, null);
    }

    public TargetProblem(String table, String column, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
        this.column = column;
    }

    /** The target table, {@code schema.table}. */
    public String table() {
        return table;
    }

    /** The target column concerned, or null when the problem is not about one column. */
    public String column() {
        return column;
    }
}
