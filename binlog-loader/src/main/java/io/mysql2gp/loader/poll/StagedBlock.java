package io.mysql2gp.loader.poll;

import io.mysql2gp.common.staging.ChangeBlock;

/**
 * A block of the staging change log ({@code mysql2gp.change_blocks}) as a read delivers it: the
 * changes of seqs {@code fromSeq..toSeq} of a block holding {@code seq - n + 1 .. seq} (a read's
 * bounds may take only part of a block), framed as {@link ChangeBlock} describes, in
 * {@code changes[changesOffset, changesOffset + changesLength)} (often the driver's message itself).
 * {@code eventTimeMillis} is 0 when the block has no event time.
 */
public record StagedBlock(
        long seq,
        int n,
        long txn,
        boolean lastInTxn,
        int schemaId,
        String table,
        byte[] changes,
        int changesOffset,
        int changesLength,
        long eventTimeMillis,
        long fromSeq,
        long toSeq) {

    /** Fixed per-block cost counted by {@link #bytes()}: the record and the arrays' headers. */
    static final long OVERHEAD_BYTES = 96;

    /** Seq of the block's first change. */
    public long firstSeq() {
        return seq - n + 1;
    }

    /** Changes delivered: those of {@code fromSeq..toSeq}. */
    public int delivered() {
        return (int) (toSeq - fromSeq + 1);
    }

    /** Whether the last change delivered ends its source transaction. */
    public boolean endsTransaction() {
        return lastInTxn && toSeq == seq;
    }

    /**
     * Resets {@code r} to this block's changes and moves it past those before {@code fromSeq}: each
     * {@link #advance} then moves it to the next delivered change, {@code fromSeq} first.
     */
    public void open(ChangeBlock.Reader r) {
        r.reset(changes, changesOffset, changesLength);
        for (long seq = firstSeq(); seq < fromSeq; seq++) {
            advance(r);
        }
    }

    /** Moves {@code r} to its next change, which must exist: the reader checked every delivered block's framing. */
    public static void advance(ChangeBlock.Reader r) {
        try {
            if (!r.next()) {
                throw new IllegalStateException("a staged block ended before its count of changes");
            }
        } catch (ChangeBlock.MalformedBlockException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The memory this block holds, for capping chunks. */
    public long bytes() {
        return OVERHEAD_BYTES + changesLength;
    }

    /** The framing but not the changes' bytes: for log lines and assertion messages. */
    @Override
    public String toString() {
        return "StagedBlock[seq " + fromSeq + ".." + toSeq + " of " + firstSeq() + ".." + seq + ", txn=" + txn
                + (lastInTxn ? " (ends it)" : "") + ", " + table + " schema " + schemaId + ", " + changesLength
                + " bytes]";
    }
}
