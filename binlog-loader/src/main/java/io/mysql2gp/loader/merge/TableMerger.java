package io.mysql2gp.loader.merge;

import io.mysql2gp.common.model.Op;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Reduces the changes of one table within one batch to the final state of each key: the rules of
 * the merge are spelled out, case by case, in {@code TableMergerTest}.
 *
 * <p>One pass over the changes, O(1) hash work per change; row strings are passed on, never copied.
 */
public final class TableMerger {
    /** Pre-sizing cap: a batch may hold a million changes on a few thousand keys. */
    private static final int MAX_PRESIZED_KEYS = 1 << 16;

    private TableMerger() {}

    /**
     * Merges one table's changes, given in seq order (each seq greater than the one before).
     *
     * @throws IllegalArgumentException if the seqs are not strictly increasing (naming both seqs)
     */
    public static MergedTable merge(List<Change> changes) {
        if (!(changes instanceof RandomAccess)) {
            changes = new ArrayList<>(changes); // the loops below index the list
        }
        int start = afterLastTruncate(changes);
        int expectedKeys = Math.min(changes.size() - start, MAX_PRESIZED_KEYS);
        int capacity = (int) (expectedKeys / 0.75f) + 1;
        // key -> true if the source says the key did not exist before it was first touched
        Map<String, Boolean> touched = new LinkedHashMap<>(capacity);
        // key -> the change that produced its present image; re-putting a key moves it to the end, so
        // the iteration order is the order of the changes that produced the final images
        Map<String, Change> present = new LinkedHashMap<>(capacity);
        boolean truncated = start > 0;

        for (int i = start; i < changes.size(); i++) {
            Change c = changes.get(i);
            switch (c.op()) {
                case INSERT -> {
                    touched.putIfAbsent(c.keyNew(), Boolean.TRUE);
                    place(present, c);
                }
                case UPDATE -> {
                    touched.putIfAbsent(c.keyOld(), Boolean.FALSE);
                    // a key change creates the new key (an update in place has just put it as old)
                    touched.putIfAbsent(c.keyNew(), Boolean.TRUE);
                    present.remove(c.keyOld());
                    place(present, c);
                }
                case DELETE -> {
                    touched.putIfAbsent(c.keyOld(), Boolean.FALSE);
                    present.remove(c.keyOld());
                }
                case TRUNCATE -> throw new IllegalStateException("truncate after the last truncate at seq " + c.seq());
            }
        }
        return result(changes.size(), truncated, touched, present);
    }

    /** Index of the first change after the last TRUNCATE (0 if none); checks the seq order of all. */
    private static int afterLastTruncate(List<Change> changes) {
        int start = 0;
        long previousSeq = Long.MIN_VALUE;
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            if (c == null) {
                throw new IllegalArgumentException("change #" + i + " of the table is null");
            }
            if (i > 0 && c.seq() <= previousSeq) {
                throw new IllegalArgumentException(
                        "changes out of seq order: seq " + c.seq() + " comes after seq " + previousSeq);
            }
            previousSeq = c.seq();
            if (c.op() == Op.TRUNCATE) {
                start = i + 1;
            }
        }
        return start;
    }

    private static void place(Map<String, Change> present, Change c) {
        present.remove(c.keyNew());
        present.put(c.keyNew(), c);
    }

    private static MergedTable result(
            int changesIn, boolean truncated, Map<String, Boolean> touched, Map<String, Change> present) {
        List<String> deleteKeys = new ArrayList<>(touched.size());
        int keysToDelete = 0;
        int netNothing = 0;
        for (Map.Entry<String, Boolean> e : touched.entrySet()) {
            deleteKeys.add(e.getKey());
            if (!present.containsKey(e.getKey())) {
                // after a truncate nothing existed before the first touch
                if (truncated || e.getValue()) {
                    netNothing++;
                } else {
                    keysToDelete++;
                }
            }
        }
        List<FinalRow> upserts = new ArrayList<>(present.size());
        for (Change c : present.values()) {
            upserts.add(new FinalRow(c.keyNew(), c.rowNew(), c.schemaId(), truncated || touched.get(c.keyNew())));
        }
        MergeCounts counts = new MergeCounts(changesIn, touched.size(), upserts.size(), keysToDelete, netNothing);
        return new MergedTable(truncated, deleteKeys, upserts, counts);
    }
}
