package io.mysql2gp.miner.decode;

import io.mysql2gp.common.model.TableId;

/**
 * A row event without all columns (binlog_row_image=MINIMAL or NOBLOB); mysql2gp needs full images.
 * The caller adds the binlog position with {@link #at(String)}.
 */
public class PartialRowImageException extends DecodeException {
    private final TableId table;

    public PartialRowImageException(TableId table, int included, int columns) {
        this(table, "table " + table + ": row image has " + included + " of " + columns
                + " columns; binlog_row_image must be FULL");
    }

    private PartialRowImageException(TableId table, String message) {
        super(message);
        this.table = table;
    }

    public TableId table() {
        return table;
    }

    /** The same error with a position description appended, e.g. {@code binlog.000042:1234}. */
    public PartialRowImageException at(String position) {
        PartialRowImageException e = new PartialRowImageException(table, getMessage() + " (at " + position + ")");
        e.setStackTrace(getStackTrace());
        return e;
    }
}
