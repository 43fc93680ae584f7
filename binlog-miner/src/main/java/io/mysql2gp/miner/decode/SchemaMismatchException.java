package io.mysql2gp.miner.decode;

import io.mysql2gp.common.model.TableId;

/** The table map and the schema known from information_schema disagree (or no schema is known at all). */
public class SchemaMismatchException extends DecodeException {
    private final TableId table;

    public SchemaMismatchException(TableId table, String message) {
        super("table " + table + ": " + message);
        this.table = table;
    }

    public TableId table() {
        return table;
    }
}
