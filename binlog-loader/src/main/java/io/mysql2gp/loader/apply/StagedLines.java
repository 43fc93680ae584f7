package io.mysql2gp.loader.apply;

import io.mysql2gp.loader.merge.ByteLines;
import java.util.Arrays;
import java.util.List;

/** Pure helpers over staged COPY text lines (fields joined by TAB, escaped, so a TAB always separates fields). */
final class StagedLines {
    private StagedLines() {}

    /** The escaped texts of fields {@code indexes} of {@code line}, joined by TAB; null if the line is too short. */
    static String fields(String line, List<Integer> indexes) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < indexes.size(); k++) {
            int want = indexes.get(k);
            int start = 0;
            for (int f = 0; f < want; f++) {
                start = line.indexOf('\t', start) + 1;
                if (start == 0) {
                    return null;
                }
            }
            int end = line.indexOf('\t', start);
            if (k > 0) {
                sb.append('\t');
            }
            sb.append(line, start, end < 0 ? line.length() : end);
        }
        return sb.toString();
    }

    /**
     * The 1-based number of the first row line whose key (fields {@code keyIndexes}) repeats an
     * earlier line's, or 0. Canonical text makes equal keys equal bytes. Hashes the key fields of
     * every line in place (no string per line), sorts the hashes, and compares the bytes of lines
     * whose hashes are equal.
     */
    static int firstRepeatedKey(ByteLines rows, List<Integer> keyIndexes) {
        int n = rows.size();
        if (n < 2) {
            return 0;
        }
        int[] keys = keyIndexes.stream().mapToInt(Integer::intValue).toArray();
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) keyHash(rows, i, keys) << 32) | i;
        }
        Arrays.sort(packed);
        int first = Integer.MAX_VALUE;
        for (int a = 0; a < n; ) {
            int b = a + 1;
            while (b < n && (packed[b] >>> 32) == (packed[a] >>> 32)) {
                b++;
            }
            // lines a..b-1 share a hash (in line order): the first that equals an earlier one repeats it
            for (int j = a + 1; j < b; j++) {
                int lj = (int) packed[j];
                for (int k = a; k < j; k++) {
                    if (sameKey(rows, (int) packed[k], lj, keys)) {
                        first = Math.min(first, lj + 1);
                        break;
                    }
                }
            }
            a = b;
        }
        return first == Integer.MAX_VALUE ? 0 : first;
    }

    /** Start (inclusive) and end (exclusive) of field {@code f} of line {@code i}, packed; -1 if the line is too short. */
    private static long field(ByteLines rows, int i, int f) {
        byte[] a = rows.array();
        int start = rows.offset(i);
        int end = start + rows.length(i);
        for (int k = 0; k < f; k++) {
            while (start < end && a[start] != '\t') {
                start++;
            }
            if (start == end) {
                return -1;
            }
            start++;
        }
        int stop = start;
        while (stop < end && a[stop] != '\t') {
            stop++;
        }
        return ((long) start << 32) | stop;
    }

    private static int keyHash(ByteLines rows, int i, int[] keys) {
        byte[] a = rows.array();
        int h = 1;
        for (int f : keys) {
            long r = field(rows, i, f);
            if (r < 0) {
                return h * 31 + 7;
            }
            for (int p = (int) (r >>> 32), end = (int) r; p < end; p++) {
                h = 31 * h + a[p];
            }
            h = 31 * h + '\t';
        }
        return h;
    }

    private static boolean sameKey(ByteLines rows, int x, int y, int[] keys) {
        byte[] a = rows.array();
        for (int f : keys) {
            long rx = field(rows, x, f);
            long ry = field(rows, y, f);
            if (rx < 0 || ry < 0) {
                return false; // a short line has no key to repeat
            }
            if (!Arrays.equals(a, (int) (rx >>> 32), (int) rx, a, (int) (ry >>> 32), (int) ry)) {
                return false;
            }
        }
        return true;
    }
}
