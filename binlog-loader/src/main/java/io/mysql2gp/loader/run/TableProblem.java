package io.mysql2gp.loader.run;

/** A source table whose changes cannot be applied now; the loader pauses it and retries later. */
public final class TableProblem extends RuntimeException {
    private final String table;

    public TableProblem(String table, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
    }

    /** The source (staged) table name. */
    public String table() {
        return table;
    }
}
