package io.mysql2gp.loader.poll;

/**
 * The change log misses seqs the loader has not applied yet (for example, their partition was
 * dropped by hand): fatal, since applying past the gap would lose those changes.
 */
public class StagingGapException extends IllegalStateException {
    private final long expectedSeq;
    private final long foundSeq;

    public StagingGapException(long expectedSeq, long foundSeq) {
        this(expectedSeq, foundSeq, "staging change log has a gap: expected seq " + expectedSeq + " next, but the"
                + " next committed change is seq " + foundSeq + "; changes " + expectedSeq + ".." + (foundSeq - 1)
                + " are missing from mysql2gp.change_blocks (dropped before the loader applied them?)");
    }

    private StagingGapException(long expectedSeq, long foundSeq, String message) {
        super(message);
        this.expectedSeq = expectedSeq;
        this.foundSeq = foundSeq;
    }

    /**
     * A read that had to reach {@code untilSeq} ended after {@code expectedSeq - 1}: changes
     * {@code expectedSeq..untilSeq} are missing ({@link #foundSeq()} is then {@code untilSeq + 1}).
     */
    public static StagingGapException endsBefore(long expectedSeq, long untilSeq) {
        return new StagingGapException(expectedSeq, untilSeq + 1, "staging change log ends early: expected"
                + " changes up to seq " + untilSeq + ", but none is committed after seq " + (expectedSeq - 1)
                + "; changes " + expectedSeq + ".." + untilSeq + " are missing from mysql2gp.change_blocks"
                + " (dropped before the loader applied them, or not committed yet?)");
    }

    public long expectedSeq() {
        return expectedSeq;
    }

    public long foundSeq() {
        return foundSeq;
    }
}
