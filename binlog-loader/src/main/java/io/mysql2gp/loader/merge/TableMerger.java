package io.mysql2gp.loader.merge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces the changes of one table within one batch to the final state of each key: the rules of
 * the merge are spelled out, case by case, in {@code TableMergerTest}.
 *
 * <p>Incremental: {@link #add} takes the changes one at a time in seq order, so a batch read in
 * chunks is merged across its chunks; what it holds is bounded by the distinct keys touched and
 * their final images ({@link #heldBytes()}), not by the number of changes. One pass, O(1) hash work
 * per change; row strings are passed on, never copied. Not thread-safe.
 */
public final class TableMerger {
    /** Estimated fixed cost of one key held: map entries, the key string's header, the change record. */
    static final long KEY_OVERHEAD_BYTES = 120;

    // key -> true if the source says the key did not exist before it was first touched
    private final Map<String, Boolean> touched = new LinkedHashMap<>();
    // key -> the change that produced its present image; re-putting a key moves it to the end, so
    // the iteration order is the order of the changes that produced the final images
    private final Map<String, Change> present = new LinkedHashMap<>();
    private boolean truncated;
    private int changesIn;
    private long previousSeq = Long.MIN_VALUE;
    private long heldBytes;

    /**
     * Merges one table's changes, given in seq order (each seq greater than the one before).
     *
     * @throws IllegalArgumentException if the seqs are not strictly increasing (naming both seqs)
     */
    public static MergedTable merge(List<Change> changes) {
        TableMerger m = new TableMerger();
        int i = 0;
        for (Change c : changes) {
            if (c == null) {
                throw new IllegalArgumentException("change #" + i + " of the table is null");
            }
            m.add(c);
            i++;
        }
        return m.result();
    }

    /**
     * Adds the next change of the table.
     *
     * @throws IllegalArgumentException if its seq is not greater than the previous change's (naming both)
     */
    public void add(Change c) {
        if (changesIn > 0 && c.seq() <= previousSeq) {
            throw new IllegalArgumentException(
                    "changes out of seq order: seq " + c.seq() + " comes after seq " + previousSeq);
        }
        previousSeq = c.seq();
        changesIn++;
        switch (c.op()) {
            case INSERT -> {
                touch(c.keyNew(), Boolean.TRUE);
                place(c);
            }
            case UPDATE -> {
                if (c.keyOld().equals(c.keyNew())) {
                    // in place (the common case): the key existed and now has this image
                    touch(c.keyOld(), Boolean.FALSE);
                    place(c);
                    return;
                }
                touch(c.keyOld(), Boolean.FALSE);
                // a key change creates the new key (an update in place has just put it as old)
                touch(c.keyNew(), Boolean.TRUE);
                remove(c.keyOld());
                place(c);
            }
            case DELETE -> {
                touch(c.keyOld(), Boolean.FALSE);
                remove(c.keyOld());
            }
            case TRUNCATE -> {
                // nothing before the truncate matters any more, and nothing existed after it
                touched.clear();
                present.clear();
                heldBytes = 0;
                truncated = true;
            }
        }
    }

    /** Changes added so far (those before a truncate included). */
    public int changesIn() {
        return changesIn;
    }

    /** Estimated memory held: the touched keys and the final images, not the changes added. */
    public long heldBytes() {
        return heldBytes;
    }

    private void touch(String key, Boolean isNew) {
        if (touched.putIfAbsent(key, isNew) == null) {
            heldBytes += KEY_OVERHEAD_BYTES + key.length();
        }
    }

    private void place(Change c) {
        remove(c.keyNew());
        present.put(c.keyNew(), c);
        heldBytes += c.rowNew().length();
    }

    private void remove(String key) {
        Change old = present.remove(key);
        if (old != null) {
            heldBytes -= old.rowNew().length();
        }
    }

    /** The net effect of the changes added so far. */
    public MergedTable result() {
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
