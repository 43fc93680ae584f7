package io.mysql2gp.common.source;

import io.mysql2gp.common.model.TableId;

/** A table that information_schema does not know (dropped, renamed, or no privilege to see it); fatal. */
public final class MissingTableException extends SourceException {
    private final TableId table;

    public MissingTableException(TableId table, String where) {
        super("table " + table + " does not exist on " + where
                + " (or the user has no privilege on it): information_schema.COLUMNS has no columns for it", false);
        this.table = table;
    }

    public TableId table() {
        return table;
    }
}
