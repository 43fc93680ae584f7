package io.mysql2gp.common.model;

import java.util.Objects;

/**
 * A position in the source's binary log: the file, the byte offset of the next event to read,
 * and the GTID set (MySQL) or GTID list (MariaDB) executed up to there, or null if unknown.
 */
public record BinlogPosition(String file, long position, String gtid) implements Comparable<BinlogPosition> {
    public BinlogPosition {
        Objects.requireNonNull(file, "file");
        if (position < 0) {
            throw new IllegalArgumentException("negative binlog position " + position);
        }
    }

    public BinlogPosition withGtid(String newGtid) {
        return new BinlogPosition(file, position, newGtid);
    }

    /** Orders by file (MySQL names sort by their numeric suffix) then offset. */
    @Override
    public int compareTo(BinlogPosition o) {
        int c = compareFileNames(file, o.file);
        return c != 0 ? c : Long.compare(position, o.position);
    }

    /** Compares binlog file names: same base name by numeric extension, otherwise as text. */
    public static int compareFileNames(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da > 0 && db > 0 && a.substring(0, da).equals(b.substring(0, db))) {
            try {
                return Long.compare(Long.parseLong(a.substring(da + 1)), Long.parseLong(b.substring(db + 1)));
            } catch (NumberFormatException e) {
                // fall through to text order
            }
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return file + ":" + position + (gtid == null || gtid.isEmpty() ? "" : " (gtid " + gtid + ")");
    }
}
