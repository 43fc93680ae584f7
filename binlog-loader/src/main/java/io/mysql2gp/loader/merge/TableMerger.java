package io.mysql2gp.loader.merge;

import io.mysql2gp.common.model.Op;
import io.mysql2gp.common.staging.ChangeBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reduces the changes of one table within one batch to the final state of each key: the rules of
 * the merge are spelled out, case by case, in {@code TableMergerTest}.
 *
 * <p>Incremental: {@link #add} takes the changes one at a time in seq order, so a batch read in
 * chunks is merged across its chunks; what it holds is bounded by the distinct keys touched and
 * their final images ({@link #heldBytes()}), not by the number of changes. One pass, O(1) hash work
 * per change.
 *
 * <p>Keys and rows are held as UTF-8 bytes in two growing arrays, and the state of each key in
 * parallel arrays of primitives, found through an open-addressing hash table: no object per change
 * or per key, so that the garbage collector has next to nothing to trace or copy however many
 * changes pass (with an object per key and row, copying them between young collections cost the
 * loader more CPU than merging them). A new image replaces the old one in place when it fits.
 * Not thread-safe.
 */
public final class TableMerger {
    /** Estimated fixed cost of one key held: its slots in the entry arrays and the hash table. */
    static final long KEY_OVERHEAD_BYTES = 64;
    private static final int NONE = -1;
    /** Arrays larger than this are dropped by {@link #reset()} rather than kept for the next part. */
    private static final int MAX_KEPT_BYTES = 16 << 20;
    private static final int MAX_KEPT_SLOTS = 1 << 20;
    private static final int MAX_KEPT_ENTRIES = 1 << 18;

    private byte[] keyBytes = new byte[4096];
    private int keyBytesUsed;
    private byte[] rowBytes = new byte[16384];
    private int rowBytesUsed;
    /** Bytes of {@link #rowBytes} no image uses any more (replaced by a longer one, or removed). */
    private int rowGarbage;

    // one entry per distinct key touched, in first-touch order
    private int entries;
    private int[] keyOffset = new int[64];
    private int[] keyLength = new int[64];
    private int[] keyHash = new int[64];
    /** Offset of the key's present image in {@link #rowBytes}, or NONE. */
    private int[] rowOffset = new int[64];
    private int[] rowLength = new int[64];
    /** Bytes reserved for the image at rowOffset (an image replaced by a shorter one keeps its room). */
    private int[] rowRoom = new int[64];
    private int[] schemaIds = new int[64];
    /** Whether the source says the key did not exist before its first touch. */
    private boolean[] isNew = new boolean[64];
    /** Present keys in the order of the changes that produced their images (a doubly linked list). */
    private int[] prev = new int[64];
    private int[] next = new int[64];
    private int head = NONE;
    private int tail = NONE;
    private int present;
    /** Open addressing: entry index + 1, 0 for a free slot; at most half full. */
    private int[] slots = new int[128];

    private boolean truncated;
    private int changesIn;
    private long previousSeq = Long.MIN_VALUE;
    private long heldBytes;
    /** Scratch space for changes given as text. */
    private final ChangeBlock.Builder scratch = new ChangeBlock.Builder();
    private final ChangeBlock.Reader scratchReader = new ChangeBlock.Reader();

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
     * Adds the next change of the table, given as text.
     *
     * @throws IllegalArgumentException if its seq is not greater than the previous change's (naming both)
     */
    public void add(Change c) {
        scratch.reset();
        scratch.add(c.op(), c.keyOld(), c.keyNew(), c.rowNew());
        scratchReader.reset(scratch.buffer(), 0, scratch.size());
        try {
            scratchReader.next();
        } catch (ChangeBlock.MalformedBlockException e) {
            throw new IllegalStateException(e); // the builder wrote it
        }
        add(c.seq(), c.schemaId(), scratchReader);
    }

    /**
     * Adds the next change of the table: the current change of {@code r} (its images are copied).
     *
     * @throws IllegalArgumentException if {@code seq} is not greater than the previous change's (naming both)
     */
    public void add(long seq, int schemaId, ChangeBlock.Reader r) {
        if (changesIn > 0 && seq <= previousSeq) {
            throw new IllegalArgumentException("changes out of seq order: seq " + seq + " comes after seq " + previousSeq);
        }
        previousSeq = seq;
        changesIn++;
        byte[] b = r.array();
        switch (r.op()) {
            case INSERT -> {
                int e = touch(b, r.keyNewOffset(), r.keyNewLength(), true);
                place(e, b, r.rowOffset(), r.rowLength(), schemaId);
            }
            case UPDATE -> {
                int old = touch(b, r.keyOldOffset(), r.keyOldLength(), false);
                if (r.sameKey() || Arrays.equals(b, r.keyOldOffset(), r.keyOldOffset() + r.keyOldLength(), b,
                        r.keyNewOffset(), r.keyNewOffset() + r.keyNewLength())) {
                    // in place (the common case): the key existed and now has this image
                    place(old, b, r.rowOffset(), r.rowLength(), schemaId);
                } else {
                    // a key change creates the new key
                    int e = touch(b, r.keyNewOffset(), r.keyNewLength(), true);
                    remove(old);
                    place(e, b, r.rowOffset(), r.rowLength(), schemaId);
                }
            }
            case DELETE -> remove(touch(b, r.keyOldOffset(), r.keyOldLength(), false));
            case TRUNCATE -> clear(); // nothing before the truncate matters, and nothing existed after it
            case DROP_OR_RENAME -> throw new IllegalArgumentException("staged change seq " + seq
                    + ": a dropped or renamed table has no rows to merge");
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

    /** Whether a truncate came among the changes (the target is emptied first). */
    public boolean truncated() {
        return truncated;
    }

    /**
     * Forgets every change added, as a new merger would, but keeps the memory grown so far (a merger
     * is reused part after part); gives back what only an unusually large part needed.
     */
    public void reset() {
        clear();
        truncated = false;
        changesIn = 0;
        previousSeq = Long.MIN_VALUE;
        if (rowBytes.length > MAX_KEPT_BYTES) {
            rowBytes = new byte[16384];
        }
        if (keyBytes.length > MAX_KEPT_BYTES) {
            keyBytes = new byte[4096];
        }
        if (slots.length > MAX_KEPT_SLOTS) {
            slots = new int[128];
        }
        if (keyOffset.length > MAX_KEPT_ENTRIES) {
            keyOffset = new int[64];
            keyLength = new int[64];
            keyHash = new int[64];
            rowOffset = new int[64];
            rowLength = new int[64];
            rowRoom = new int[64];
            schemaIds = new int[64];
            isNew = new boolean[64];
            prev = new int[64];
            next = new int[64];
        }
    }

    /** Bytes of the arrays this merger holds, used or not (what keeping it for reuse costs). */
    public long retainedBytes() {
        return (long) rowBytes.length + keyBytes.length + 4L * slots.length + 37L * keyOffset.length;
    }

    private void clear() {
        Arrays.fill(slots, 0);
        entries = 0;
        keyBytesUsed = 0;
        rowBytesUsed = 0;
        rowGarbage = 0;
        head = tail = NONE;
        present = 0;
        heldBytes = 0;
        truncated = true;
    }

    /** The entry of the key {@code b[off, off+len)}, created (first touch) if missing. */
    private int touch(byte[] b, int off, int len, boolean createsKey) {
        int h = hash(b, off, len);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int s = slots[i];
            if (s == 0) {
                int e = newEntry(b, off, len, h, createsKey);
                slots[i] = e + 1;
                if (entries * 2 > slots.length) {
                    rehash();
                }
                return e;
            }
            int e = s - 1;
            if (keyHash[e] == h && keyLength[e] == len
                    && Arrays.equals(keyBytes, keyOffset[e], keyOffset[e] + len, b, off, off + len)) {
                return e;
            }
        }
    }

    private int newEntry(byte[] b, int off, int len, int h, boolean createsKey) {
        int e = entries++;
        if (e == keyOffset.length) {
            growEntries();
        }
        if (keyBytesUsed + len > keyBytes.length) {
            keyBytes = Arrays.copyOf(keyBytes, grown(keyBytes.length, keyBytesUsed + len));
        }
        System.arraycopy(b, off, keyBytes, keyBytesUsed, len);
        keyOffset[e] = keyBytesUsed;
        keyLength[e] = len;
        keyHash[e] = h;
        keyBytesUsed += len;
        rowOffset[e] = NONE;
        rowLength[e] = 0;
        rowRoom[e] = 0;
        isNew[e] = createsKey;
        prev[e] = next[e] = NONE;
        heldBytes += KEY_OVERHEAD_BYTES + len;
        return e;
    }

    /** Gives entry {@code e} the image {@code b[off, off+len)}, last in the order of present keys. */
    private void place(int e, byte[] b, int off, int len, int schemaId) {
        if (rowOffset[e] != NONE) {
            heldBytes -= rowLength[e];
            unlink(e);
            if (len > rowRoom[e]) {
                rowGarbage += rowRoom[e];
                rowOffset[e] = NONE;
            }
        }
        if (rowOffset[e] == NONE) {
            if (rowBytesUsed + len > rowBytes.length) {
                makeRoom(len);
            }
            rowOffset[e] = rowBytesUsed;
            rowRoom[e] = len;
            rowBytesUsed += len;
        }
        System.arraycopy(b, off, rowBytes, rowOffset[e], len);
        rowLength[e] = len;
        schemaIds[e] = schemaId;
        heldBytes += len;
        // append to the order of present keys
        prev[e] = tail;
        next[e] = NONE;
        if (tail == NONE) {
            head = e;
        } else {
            next[tail] = e;
        }
        tail = e;
        present++;
    }

    private void remove(int e) {
        if (rowOffset[e] == NONE) {
            return;
        }
        heldBytes -= rowLength[e];
        rowGarbage += rowRoom[e];
        rowOffset[e] = NONE;
        unlink(e);
    }

    private void unlink(int e) {
        if (prev[e] == NONE) {
            head = next[e];
        } else {
            next[prev[e]] = next[e];
        }
        if (next[e] == NONE) {
            tail = prev[e];
        } else {
            prev[next[e]] = prev[e];
        }
        prev[e] = next[e] = NONE;
        present--;
    }

    /** Room for {@code len} more row bytes: drops the garbage when it is half of what is used, else grows. */
    private void makeRoom(int len) {
        int live = rowBytesUsed - rowGarbage;
        if (rowGarbage < rowBytesUsed / 2) {
            rowBytes = Arrays.copyOf(rowBytes, grown(rowBytes.length, (long) rowBytesUsed + len));
            return;
        }
        // the present images, in list order, into a fresh array
        byte[] to = new byte[(long) live + len <= rowBytes.length ? rowBytes.length
                : grown(rowBytes.length, (long) live + len)];
        int used = 0;
        for (int e = head; e != NONE; e = next[e]) {
            System.arraycopy(rowBytes, rowOffset[e], to, used, rowLength[e]);
            rowOffset[e] = used;
            rowRoom[e] = rowLength[e];
            used += rowLength[e];
        }
        rowBytes = to;
        rowBytesUsed = used;
        rowGarbage = 0;
    }

    private static int grown(int length, long needed) {
        long n = Math.max(needed, Math.min((long) length * 2, Integer.MAX_VALUE - 16));
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("the merged changes of one table outgrew 2 GB");
        }
        return (int) n;
    }

    private void growEntries() {
        int n = keyOffset.length * 2;
        keyOffset = Arrays.copyOf(keyOffset, n);
        keyLength = Arrays.copyOf(keyLength, n);
        keyHash = Arrays.copyOf(keyHash, n);
        rowOffset = Arrays.copyOf(rowOffset, n);
        rowLength = Arrays.copyOf(rowLength, n);
        rowRoom = Arrays.copyOf(rowRoom, n);
        schemaIds = Arrays.copyOf(schemaIds, n);
        isNew = Arrays.copyOf(isNew, n);
        prev = Arrays.copyOf(prev, n);
        next = Arrays.copyOf(next, n);
    }

    private void rehash() {
        int[] s = new int[slots.length * 2];
        int mask = s.length - 1;
        for (int e = 0; e < entries; e++) {
            int i = keyHash[e] & mask;
            while (s[i] != 0) {
                i = (i + 1) & mask;
            }
            s[i] = e + 1;
        }
        slots = s;
    }

    private static int hash(byte[] b, int off, int len) {
        int h = 1;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + b[i];
        }
        h *= 0x9E3779B9; // spread the low bits the table index uses
        return h ^ (h >>> 16);
    }

    /** Key of entry {@code e} as text. */
    private String key(int e) {
        return new String(keyBytes, keyOffset[e], keyLength[e], StandardCharsets.UTF_8);
    }

    private MergeCounts counts() {
        int keysToDelete = 0;
        int netNothing = 0;
        for (int e = 0; e < entries; e++) {
            if (rowOffset[e] == NONE) {
                // after a truncate nothing existed before the first touch
                if (truncated || isNew[e]) {
                    netNothing++;
                } else {
                    keysToDelete++;
                }
            }
        }
        return new MergeCounts(changesIn, entries, present, keysToDelete, netNothing);
    }

    /** The net effect of the changes added so far, as text (for tests and logs; {@link #part()} applies). */
    public MergedTable result() {
        List<String> deleteKeys = new ArrayList<>(entries);
        for (int e = 0; e < entries; e++) {
            deleteKeys.add(key(e));
        }
        List<FinalRow> upserts = new ArrayList<>(present);
        for (int e = head; e != NONE; e = next[e]) {
            upserts.add(new FinalRow(key(e), new String(rowBytes, rowOffset[e], rowLength[e], StandardCharsets.UTF_8),
                    schemaIds[e], truncated || isNew[e]));
        }
        return new MergedTable(truncated, deleteKeys, upserts, counts());
    }

    /**
     * The net effect of the changes added so far as the apply takes it: the keys to delete (touched keys
     * that end absent; the apply deletes the keys of the rows it inserts itself) and the final rows,
     * those whose key may exist first and those whose key is new last, each in the order of the changes
     * that produced them. The lines point into this merger's arrays: add nothing more afterwards.
     */
    public MergedPart part() {
        int deletes = entries - present;
        int[] delOff = new int[deletes];
        int[] delLen = new int[deletes];
        int d = 0;
        for (int e = 0; e < entries; e++) {
            if (rowOffset[e] == NONE) {
                delOff[d] = keyOffset[e];
                delLen[d++] = keyLength[e];
            }
        }
        int newKeys = 0;
        for (int e = head; e != NONE; e = next[e]) {
            if (truncated || isNew[e]) {
                newKeys++;
            }
        }
        int[] rowOff = new int[present];
        int[] rowLen = new int[present];
        int existing = 0;
        int fresh = present - newKeys;
        for (int e = head; e != NONE; e = next[e]) {
            int i = truncated || isNew[e] ? fresh++ : existing++;
            rowOff[i] = rowOffset[e];
            rowLen[i] = rowLength[e];
        }
        return new MergedPart(truncated, new ByteLines(keyBytes, delOff, delLen, deletes),
                new ByteLines(rowBytes, rowOff, rowLen, present), newKeys, counts());
    }
}
