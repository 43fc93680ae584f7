package io.mysql2gp.loader.merge;

import java.util.List;

/**
 * The net effect of one batch on one table, in the form the set-based apply needs: empty the table if
 * {@code truncated}, then delete every key of {@code deleteKeys}, then insert every row of
 * {@code upserts}, all in one target transaction.
 *
 * <p>Deleting every touched key (not only those that end absent) before inserting makes the apply
 * idempotent: replaying or overlapping a batch converges to the same target rows, and rows that trade
 * keys or secondary unique values within the batch never collide.
 *
 * @param truncated a TRUNCATE happened in the batch; changes before the last one are ignored
 * @param deleteKeys every key touched after the last truncate, old keys of key changes included,
 *     each once, in first-touch order
 * @param upserts one row per key that ends present, in the order of the changes that produced the
 *     final images; keys are distinct
 * @param counts counters for the batch log
 */
public record MergedTable(boolean truncated, List<String> deleteKeys, List<FinalRow> upserts, MergeCounts counts) {
    public MergedTable {
        deleteKeys = List.copyOf(deleteKeys);
        upserts = List.copyOf(upserts);
    }

    /** True when applying this changes nothing: no truncate, nothing to delete, nothing to insert. */
    public boolean isEmpty() {
        return !truncated && deleteKeys.isEmpty() && upserts.isEmpty();
    }

    /** The counters and the truncate flag only; the lists can hold a whole batch of keys. */
    @Override
    public String toString() {
        return "MergedTable[truncated=" + truncated + " " + counts + "]";
    }
}
