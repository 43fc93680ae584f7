package io.mysql2gp.loader.merge;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A list of staged lines (key or row images: UTF-8 COPY text without the line end) held as ranges of
 * one shared byte array, so that they can be written to a COPY without turning them into strings.
 * Immutable view; the array is not copied, so its owner must not change those ranges meanwhile.
 */
public final class ByteLines {
    public static final ByteLines EMPTY = new ByteLines(new byte[0], new int[0], new int[0], 0);

    private final byte[] array;
    private final int[] offsets;
    private final int[] lengths;
    private final int from;
    private final int size;

    /** Lines {@code i < size}: {@code array[offsets[i], offsets[i] + lengths[i])}. */
    public ByteLines(byte[] array, int[] offsets, int[] lengths, int size) {
        this(array, offsets, lengths, 0, size);
    }

    private ByteLines(byte[] array, int[] offsets, int[] lengths, int from, int size) {
        if (size < 0 || from < 0 || from + size > offsets.length || from + size > lengths.length) {
            throw new IllegalArgumentException("lines " + from + "+" + size + " beyond " + offsets.length);
        }
        this.array = array;
        this.offsets = offsets;
        this.lengths = lengths;
        this.from = from;
        this.size = size;
    }

    /** The lines of {@code texts}, encoded as UTF-8. */
    public static ByteLines of(List<String> texts) {
        byte[][] encoded = new byte[texts.size()][];
        int total = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = texts.get(i).getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
        }
        byte[] array = new byte[total];
        int[] offsets = new int[encoded.length];
        int[] lengths = new int[encoded.length];
        int at = 0;
        for (int i = 0; i < encoded.length; i++) {
            System.arraycopy(encoded[i], 0, array, at, encoded[i].length);
            offsets[i] = at;
            lengths[i] = encoded[i].length;
            at += encoded[i].length;
        }
        return new ByteLines(array, offsets, lengths, encoded.length);
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The array every line is a range of. */
    public byte[] array() {
        return array;
    }

    /** Where line {@code i} starts in {@link #array()}. */
    public int offset(int i) {
        return offsets[index(i)];
    }

    /** Bytes of line {@code i}. */
    public int length(int i) {
        return lengths[index(i)];
    }

    /** Line {@code i} as text. */
    public String text(int i) {
        int j = index(i);
        return new String(array, offsets[j], lengths[j], StandardCharsets.UTF_8);
    }

    /** Whether line {@code i} holds exactly the bytes {@code b[off, off + len)}. */
    public boolean equalsBytes(int i, byte[] b, int off, int len) {
        int j = index(i);
        return lengths[j] == len && Arrays.equals(array, offsets[j], offsets[j] + len, b, off, off + len);
    }

    /** Lines {@code [fromIndex, toIndex)}. */
    public ByteLines subList(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException("sub list " + fromIndex + ".." + toIndex + " of " + size + " lines");
        }
        return new ByteLines(array, offsets, lengths, from + fromIndex, toIndex - fromIndex);
    }

    /** The lines as text (for tests and messages). */
    public List<String> texts() {
        return new AbstractList<>() {
            @Override
            public String get(int i) {
                return text(i);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private int index(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("line " + i + " of " + size);
        }
        return from + i;
    }

    @Override
    public String toString() {
        return "ByteLines[" + size + " lines]";
    }
}
