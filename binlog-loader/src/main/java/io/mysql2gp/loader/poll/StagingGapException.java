package io.mysql2gp.loader.poll;

/**
 * The change log misses seqs the loader has not applied yet (for example, their partition was
 * dropped by hand): fatal, since applying past the gap would lose those changes.
 */
public class StagingGapException extends IllegalStateException {
    private final long expectedSeq;
    private final long foundSeq;

    public StagingGapException(long expectedSeq, long foundSeq) {
        super("staging change log has a gap: expected seq " + expectedSeq + " next, but the next committed"
                + " change is seq " + foundSeq + "; changes " + expectedSeq + ".." + (foundSeq - 1)
                + " are missing from mysql2gp.changes (dropped before the loader applied them?)");
        this.expectedSeq = expectedSeq;
        this.foundSeq = foundSeq;
    }

    public long expectedSeq() {
        return expectedSeq;
    }

    public long foundSeq() {
        return foundSeq;
    }
}
