package io.mysql2gp.loader.poll;

import io.mysql2gp.common.model.Op;

/**
 * One row of the staging change log ({@code mysql2gp.changes}) as the loader reads it: images are
 * canonical COPY text lines (docs/STAGING.md), null where the operation has none;
 * {@code eventTimeMillis} is 0 when the row has no event time.
 */
public record StagedChange(
        long seq,
        long txn,
        boolean lastInTxn,
        int schemaId,
        String table,
        Op op,
        String keyOld,
        String keyNew,
        String rowNew,
        long eventTimeMillis) {

    /** Fixed per-row cost counted by {@link #bytes()}: the record, its strings' headers, the driver's row. */
    static final long OVERHEAD_BYTES = 160;

    /**
     * A cheap estimate of the memory this change holds, for capping chunks: a fixed overhead plus
     * one byte per character of the images (strings of Latin-1 text are stored one byte per
     * character; other text takes up to twice this).
     */
    public long bytes() {
        return OVERHEAD_BYTES + length(keyOld) + length(keyNew) + length(rowNew);
    }

    private static long length(String s) {
        return s == null ? 0 : s.length();
    }

    /** Keys but not the row image, which may be large: for log lines and assertion messages. */
    @Override
    public String toString() {
        return "StagedChange[seq=" + seq + ", txn=" + txn + (lastInTxn ? " (last)" : "") + ", " + table
                + " schema " + schemaId + ", " + op + ", keyOld=" + keyOld + ", keyNew=" + keyNew
                + ", rowNew=" + (rowNew == null ? "null" : rowNew.length() + " chars") + "]";
    }
}
