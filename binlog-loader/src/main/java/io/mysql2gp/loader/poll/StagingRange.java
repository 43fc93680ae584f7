package io.mysql2gp.loader.poll;

/**
 * Which staged changes a {@link StagingReader} reads: seqs above {@code afterSeq}, up to and
 * including {@code untilSeq} ({@link Long#MAX_VALUE} for no bound), of one source table only or of
 * all tables ({@code table} null).
 */
public record StagingRange(long afterSeq, long untilSeq, String table) {
    public StagingRange {
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must be >= 0, not " + afterSeq);
        }
        if (untilSeq < afterSeq) {
            throw new IllegalArgumentException("untilSeq " + untilSeq + " is below afterSeq " + afterSeq);
        }
    }

    /** Every committed change after {@code seq}. */
    public static StagingRange after(long seq) {
        return new StagingRange(seq, Long.MAX_VALUE, null);
    }

    /** This range, ending at {@code seq} inclusive. */
    public StagingRange until(long seq) {
        return new StagingRange(afterSeq, seq, table);
    }

    /** This range, restricted to changes of source table {@code name} (as in {@code mysql2gp.changes.tbl}). */
    public StagingRange onlyTable(String name) {
        return new StagingRange(afterSeq, untilSeq, name);
    }

    public boolean bounded() {
        return untilSeq != Long.MAX_VALUE;
    }

    @Override
    public String toString() {
        return "seqs (" + afterSeq + ", " + (bounded() ? untilSeq + "]" : "end)")
                + (table == null ? "" : " of table '" + table + "'");
    }
}
