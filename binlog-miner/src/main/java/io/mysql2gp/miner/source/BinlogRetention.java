package io.mysql2gp.miner.source;

import io.mysql2gp.common.model.BinlogPosition;
import java.util.List;
import java.util.Objects;

/**
 * Watches how close the miner's binlog file is to being purged from the source: it is near when it is
 * one of the {@code marginFiles} oldest files the source keeps (SHOW BINARY LOGS) and not the file the
 * source writes now (which no purge removes). Says so when the situation changes, and again at most
 * every {@link #REPEAT_MILLIS} while it lasts. Pure: the caller reads the files and logs the notes.
 */
public final class BinlogRetention {
    /** How long a persisting warning stays quiet before it is repeated. */
    public static final long REPEAT_MILLIS = 10 * 60_000L;

    /** Where the miner's file stands. */
    public enum Kind { SAFE, NEAR, PURGED, UNKNOWN }

    /**
     * @param kind       the situation
     * @param olderFiles binlog files on the source older than the miner's (-1 when purged or unknown)
     */
    public record Verdict(Kind kind, String minerFile, int olderFiles, String oldest, String newest) {}

    /** Something to log: a warning, or the all-clear after one. */
    public record Note(boolean warning, String text) {}

    private final int marginFiles;
    private final String source;
    private Verdict warned;
    private long warnedAt;

    /**
     * @param marginFiles {@code [binlogminer] binlog_retention_warn_files}; 0 turns the warnings off
     * @param source      the source's address, for the messages
     */
    public BinlogRetention(int marginFiles, String source) {
        this.marginFiles = marginFiles;
        this.source = source;
    }

    /** Where {@code minerFile} stands among the source's binlog {@code files} (oldest first). */
    public static Verdict judge(String minerFile, List<BinlogFile> files, int marginFiles) {
        if (minerFile == null || minerFile.isEmpty() || files.isEmpty()) {
            return new Verdict(Kind.UNKNOWN, minerFile, -1, null, null);
        }
        String oldest = files.get(0).name();
        String newest = files.get(files.size() - 1).name();
        int index = -1;
        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).name().equals(minerFile)) {
                index = i;
            }
        }
        if (index < 0) {
            Kind kind = BinlogPosition.compareFileNames(minerFile, oldest) < 0 ? Kind.PURGED : Kind.UNKNOWN;
            return new Verdict(kind, minerFile, -1, oldest, newest);
        }
        boolean near = index < marginFiles && index < files.size() - 1;
        return new Verdict(near ? Kind.NEAR : Kind.SAFE, minerFile, index, oldest, newest);
    }

    /**
     * Judges the miner at {@code at} against {@code files} at time {@code nowMillis}; returns the note
     * to log now, or null. The verdict itself is available through {@link #judge}.
     */
    public Note observe(BinlogPosition at, List<BinlogFile> files, long nowMillis) {
        if (marginFiles == 0) {
            return null;
        }
        Verdict v = judge(at.file(), files, marginFiles);
        if (v.kind() == Kind.SAFE) {
            if (warned == null) {
                return null;
            }
            warned = null;
            return new Note(false, "binlog retention: the miner's binlog file " + v.minerFile() + " (at " + at
                    + ") is clear of the oldest files on " + source + " again (" + v.olderFiles()
                    + " older file(s), oldest " + v.oldest() + ")");
        }
        if (v.kind() == Kind.UNKNOWN) {
            return null;
        }
        if (sameSituation(warned, v) && nowMillis - warnedAt < REPEAT_MILLIS) {
            return null;
        }
        warned = v;
        warnedAt = nowMillis;
        return new Note(true, warning(at, v));
    }

    private static boolean sameSituation(Verdict a, Verdict b) {
        return a != null && a.kind() == b.kind() && a.minerFile().equals(b.minerFile())
                && Objects.equals(a.oldest(), b.oldest());
    }

    private String warning(BinlogPosition at, Verdict v) {
        String keeps = "the source keeps " + v.oldest() + " .. " + v.newest();
        if (v.kind() == Kind.PURGED) {
            return "binlog retention: the miner's binlog file " + v.minerFile() + " (at " + at + ") is no longer on "
                    + source + " (" + keeps + "): it was purged before the miner read it; the miner stops at its"
                    + " next reconnect, and the tables must be re-synced";
        }
        String where = v.olderFiles() == 0
                ? v.minerFile() + " is the oldest binlog file on " + source
                : "only " + v.olderFiles() + " binlog file(s) on " + source + " are older than " + v.minerFile();
        return "binlog retention: the miner is at " + at + " and " + where + " (" + keeps
                + "; [binlogminer] binlog_retention_warn_files = " + marginFiles + "): a purge on the source"
                + " would remove changes the miner has not read yet; find why the miner is behind, or keep binary"
                + " logs longer on the source (binlog_expire_logs_seconds / expire_logs_days)";
    }
}
