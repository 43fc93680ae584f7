package io.mysql2gp.loader.merge;

/**
 * The net effect of the changes of one table (one schema version) merged so far, in the form the
 * set-based apply takes (see {@link MergedTable} for the rules, which this follows).
 *
 * @param truncated  the table was truncated first: all its target rows are deleted before the rest
 * @param deleteKeys key images of the touched keys that end absent, in first-touch order
 * @param rows       row images of the keys that end present, one per key: those whose key may exist
 *                   first, then the {@code newKeyRows} whose key the source says is new; each group in
 *                   the order of the changes that produced them. The apply deletes their keys itself.
 * @param newKeyRows how many of the last {@code rows} have keys that did not exist before (first
 *                   inserted, created by a key change, or after a truncate)
 * @param counts     counters for the batch log
 */
public record MergedPart(boolean truncated, ByteLines deleteKeys, ByteLines rows, int newKeyRows, MergeCounts counts) {
    /** True when applying this changes nothing. */
    public boolean isEmpty() {
        return !truncated && deleteKeys.isEmpty() && rows.isEmpty();
    }
}
