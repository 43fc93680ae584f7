package io.mysql2gp.common.staging;

import io.mysql2gp.common.model.Op;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The framing of the staged changes held in one row of {@code mysql2gp.change_blocks} (column
 * {@code changes}, bytea): the changes one after another, each an op byte ({@link Op#code}) followed
 * by the images the op implies, each a 4-byte big-endian length and that many bytes of UTF-8 text
 * (a canonical COPY line, docs/STAGING.md):
 *
 * <ul>
 *   <li>{@code I}: key_new, row_new
 *   <li>{@code U}: key_old, key_new, row_new; key_new's length is {@value #SAME_KEY} (and no bytes
 *       follow) when it equals key_old, the common case
 *   <li>{@code D}: key_old
 *   <li>{@code T}: nothing
 *   <li>{@code X}: row_new (the statement that dropped or renamed the table)
 * </ul>
 *
 * <p>The SQL functions {@code mysql2gp.pack_change} and {@code mysql2gp.unpack_changes} read and write
 * the same framing (the view {@code mysql2gp.changes} uses the latter). Pure: no I/O.
 */
public final class ChangeBlock {
    /** The length written for an UPDATE's key_new that equals its key_old. */
    public static final int SAME_KEY = -1;
    /** A block is closed once it holds this many bytes of changes (it may exceed it by its last change). */
    public static final int TARGET_BYTES = 64 * 1024;
    /** Most changes in one block; readers may rely on it to bound a block's seq range. */
    public static final int MAX_CHANGES = 4096;

    private ChangeBlock() {}

    /** Whether changes of {@code op} carry a key_old image (the table above). */
    static boolean hasKeyOld(Op op) {
        return op == Op.UPDATE || op == Op.DELETE;
    }

    static boolean hasKeyNew(Op op) {
        return op == Op.INSERT || op == Op.UPDATE;
    }

    static boolean hasRow(Op op) {
        return hasKeyNew(op) || op == Op.DROP_OR_RENAME;
    }

    /** Builds the bytes of one block; reusable after {@link #reset()}. Not thread-safe. */
    public static final class Builder {
        private byte[] buf = new byte[TARGET_BYTES + 1024];
        private int size;
        private int changes;

        /**
         * Appends one change; the images the op does not imply must be null, those it implies must not.
         *
         * @throws IllegalArgumentException if an image is missing or superfluous for the op
         */
        public void add(Op op, String keyOld, String keyNew, String rowNew) {
            boolean hasOld = hasKeyOld(op);
            boolean hasNew = hasKeyNew(op);
            boolean hasRow = hasRow(op);
            check(op, "key_old", keyOld, hasOld);
            check(op, "key_new", keyNew, hasNew);
            check(op, "row_new", rowNew, hasRow);
            int mark = size;
            try {
                ensure(1);
                buf[size++] = (byte) op.code;
                if (hasOld) {
                    image(keyOld);
                }
                if (hasNew) {
                    if (hasOld && keyNew.equals(keyOld)) {
                        length(SAME_KEY);
                    } else {
                        image(keyNew);
                    }
                }
                if (hasRow) {
                    image(rowNew);
                }
            } catch (RuntimeException | Error e) {
                size = mark; // nothing half-written stays
                throw e;
            }
            changes++;
        }

        private static void check(Op op, String column, String value, boolean wanted) {
            if (wanted && value == null) {
                throw new IllegalArgumentException(op + " without " + column);
            }
            if (!wanted && value != null) {
                throw new IllegalArgumentException(op + " with a " + column + " image");
            }
        }

        private void image(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            length(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        private void length(int n) {
            ensure(4);
            buf[size] = (byte) (n >>> 24);
            buf[size + 1] = (byte) (n >>> 16);
            buf[size + 2] = (byte) (n >>> 8);
            buf[size + 3] = (byte) n;
            size += 4;
        }

        private void ensure(int more) {
            if ((long) size + more > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("a staged block cannot exceed 2 GB");
            }
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 16, Math.max((long) buf.length * 2,
                        (long) size + more)));
            }
        }

        /** Changes added since the last reset. */
        public int changes() {
            return changes;
        }

        /** Bytes of the block so far. */
        public int size() {
            return size;
        }

        /** Whether the block is full: the next change goes into a new block. */
        public boolean full() {
            return size >= TARGET_BYTES || changes >= MAX_CHANGES;
        }

        /** The block's bytes are {@code buffer()[0, size())}; valid until the next add or reset. */
        public byte[] buffer() {
            return buf;
        }

        /** Empties the block (and gives back memory a huge row made it take). */
        public void reset() {
            size = 0;
            changes = 0;
            if (buf.length > 4 * (TARGET_BYTES + 1024)) {
                buf = new byte[TARGET_BYTES + 1024];
            }
        }
    }

    /**
     * Reads the changes of one block in place, without copying: after {@link #next()} the op and the
     * offsets and lengths of its images in the block's array are available. Reusable. Not thread-safe.
     */
    public static final class Reader {
        private byte[] buf;
        private int pos;
        private int end;
        private int index;
        private Op op;
        private int keyOldOffset;
        private int keyOldLength;
        private int keyNewOffset;
        private int keyNewLength;
        private int rowOffset;
        private int rowLength;
        private boolean sameKey;

        /** Starts reading the block held in {@code buf[offset, offset + length)}. */
        public Reader reset(byte[] buf, int offset, int length) {
            if (offset < 0 || length < 0 || offset > buf.length - length) {
                throw new IllegalArgumentException("block range " + offset + "+" + length + " outside an array of "
                        + buf.length);
            }
            this.buf = buf;
            this.pos = offset;
            this.end = offset + length;
            this.index = -1;
            return this;
        }

        /**
         * Moves to the next change; false at the end of the block.
         *
         * @throws MalformedBlockException if the bytes do not frame changes as described above
         */
        public boolean next() throws MalformedBlockException {
            if (pos == end) {
                return false;
            }
            index++;
            int code = buf[pos++] & 0xff;
            op = switch (code) {
                case 'I' -> Op.INSERT;
                case 'U' -> Op.UPDATE;
                case 'D' -> Op.DELETE;
                case 'T' -> Op.TRUNCATE;
                case 'X' -> Op.DROP_OR_RENAME;
                default -> throw new MalformedBlockException("change " + (index + 1) + " has an unknown op code "
                        + code);
            };
            keyOldLength = -1;
            keyNewLength = -1;
            rowLength = -1;
            sameKey = false;
            boolean hasOld = hasKeyOld(op);
            boolean hasNew = hasKeyNew(op);
            if (hasOld) {
                keyOldLength = length("key_old");
                keyOldOffset = pos;
                pos += keyOldLength;
            }
            if (hasNew) {
                int n = readInt("key_new");
                if (n == SAME_KEY && hasOld) {
                    sameKey = true;
                    keyNewOffset = keyOldOffset;
                    keyNewLength = keyOldLength;
                } else {
                    keyNewLength = checked(n, "key_new");
                    keyNewOffset = pos;
                    pos += keyNewLength;
                }
            }
            if (hasRow(op)) {
                rowLength = length("row_new");
                rowOffset = pos;
                pos += rowLength;
            }
            return true;
        }

        private int length(String image) throws MalformedBlockException {
            return checked(readInt(image), image);
        }

        private int checked(int n, String image) throws MalformedBlockException {
            if (n < 0 || n > end - pos) {
                throw new MalformedBlockException("change " + (index + 1) + " (" + op + ") has a " + image
                        + " length of " + n + " with " + (end - pos) + " bytes left in the block");
            }
            return n;
        }

        private int readInt(String image) throws MalformedBlockException {
            if (end - pos < 4) {
                throw new MalformedBlockException("change " + (index + 1) + " (" + op + ") ends inside the length of"
                        + " its " + image);
            }
            int n = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return n;
        }

        /** 0-based index of the current change in the block. */
        public int index() {
            return index;
        }

        public Op op() {
            return op;
        }

        /** The array the offsets refer to. */
        public byte[] array() {
            return buf;
        }

        /** Offset of key_old in {@link #array()}; its length is -1 when the op has none. */
        public int keyOldOffset() {
            return keyOldOffset;
        }

        public int keyOldLength() {
            return keyOldLength;
        }

        /** Whether key_new was written as "equal to key_old" (its offset and length are key_old's then). */
        public boolean sameKey() {
            return sameKey;
        }

        public int keyNewOffset() {
            return keyNewOffset;
        }

        public int keyNewLength() {
            return keyNewLength;
        }

        public int rowOffset() {
            return rowOffset;
        }

        public int rowLength() {
            return rowLength;
        }

        /** The current change's key_old as text, or null. */
        public String keyOld() {
            return text(keyOldOffset, keyOldLength);
        }

        /** The current change's key_new as text, or null. */
        public String keyNew() {
            return text(keyNewOffset, keyNewLength);
        }

        /** The current change's row_new as text, or null. */
        public String rowNew() {
            return text(rowOffset, rowLength);
        }

        private String text(int offset, int length) {
            return length < 0 ? null : new String(buf, offset, length, StandardCharsets.UTF_8);
        }
    }

    /** The bytes of a block are not changes framed as {@link ChangeBlock} describes. */
    public static final class MalformedBlockException extends Exception {
        public MalformedBlockException(String message) {
            super(message);
        }
    }
}
