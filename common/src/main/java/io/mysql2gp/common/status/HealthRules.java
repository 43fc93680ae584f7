package io.mysql2gp.common.status;

import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.status.StatusFacts.Backlog;
import io.mysql2gp.common.status.StatusFacts.LogFile;
import io.mysql2gp.common.status.StatusFacts.MinerState;
import io.mysql2gp.common.status.StatusFacts.Paused;
import io.mysql2gp.common.status.StatusFacts.SourceFacts;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The health rules of {@code status}: a database that cannot be read makes exit code 3; otherwise
 * a daemon not running, a paused table, a stale miner heartbeat, an old unapplied change or a miner
 * far behind the source make exit code 1; else 0.
 */
public final class HealthRules {
    public static final int HEALTHY = 0;
    public static final int UNHEALTHY = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    /**
     * The limits.
     *
     * @param maxHeartbeatSeconds oldest acceptable {@code miner_state.updated_at} (staging clock)
     * @param maxLagSeconds       oldest acceptable unapplied staged change (its source event time)
     * @param maxLagBytes         most binlog bytes the miner may be behind the source's current position
     */
    public record Thresholds(long maxHeartbeatSeconds, long maxLagSeconds, long maxLagBytes) {
        public static final Thresholds DEFAULTS = new Thresholds(60, 300, 1L << 30);
    }

    /**
     * How far the miner's stored position is behind the source's current one; fields null when
     * unknown, {@code note} says why.
     *
     * @param secondsBehind 0 when caught up, else the age of the last staged source commit (an upper bound)
     */
    public record SourceLag(Long bytesBehind, Integer filesBehind, Long secondsBehind, String note) {}

    /** The verdict: unreachable databases and health problems, one readable line each, and the exit code. */
    public record Health(List<String> unreachable, List<String> problems, int exitCode) {}

    private HealthRules() {}

    /** The miner's lag behind the source, from the stored and the current position and the file sizes. */
    public static SourceLag sourceLag(MinerState miner, SourceFacts source, Instant now) {
        if (miner == null || source == null) {
            return new SourceLag(null, null, null, null);
        }
        BinlogPosition at = miner.position();
        BinlogPosition cur = source.current();
        if (at.file().isEmpty() || cur.file().isEmpty()) {
            return new SourceLag(null, null, null, "binlog file name not known yet");
        }
        Long seconds = miner.sourceTs() == null ? null : Math.max(0, Duration.between(miner.sourceTs(), now).getSeconds());
        if (at.file().equals(cur.file())) {
            long bytes = Math.max(0, cur.position() - at.position());
            return new SourceLag(bytes, 0, bytes == 0 ? Long.valueOf(0) : seconds, null);
        }
        List<LogFile> logs = source.logs();
        int from = indexOf(logs, at.file());
        int to = indexOf(logs, cur.file());
        if (from < 0) {
            String note = !logs.isEmpty() && BinlogPosition.compareFileNames(at.file(), logs.get(0).name()) < 0
                    ? "the miner's binlog file " + at.file() + " is no longer on the source (oldest is "
                            + logs.get(0).name() + "): purged before it was read"
                    : "the miner's binlog file " + at.file() + " is not listed by SHOW BINARY LOGS";
            return new SourceLag(null, null, seconds, note);
        }
        if (to < from) {
            return new SourceLag(0L, 0, 0L, null);
        }
        long bytes = Math.max(0, logs.get(from).size() - at.position()) + cur.position();
        for (int i = from + 1; i < to; i++) {
            bytes += logs.get(i).size();
        }
        return new SourceLag(bytes, to - from, seconds, null);
    }

    /**
     * Binlog files on the source older than the miner's (0: its file is the next one a purge removes), or
     * null when unknown (no position yet, no file list, or its file is not listed).
     */
    public static Integer filesBeforeMiner(MinerState miner, SourceFacts source) {
        if (miner == null || source == null) {
            return null;
        }
        int i = indexOf(source.logs(), miner.position().file());
        return i < 0 ? null : i;
    }

    private static int indexOf(List<LogFile> logs, String name) {
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Applies the rules to {@code f}. */
    public static Health evaluate(StatusFacts f, Thresholds t) {
        List<String> unreachable = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        unreachableOrMissing("staging database", f.staging(), unreachable);
        unreachableOrMissing("target database", f.target(), unreachable);
        unreachableOrMissing("source", f.source(), unreachable);
        StagingFacts s = f.staging().value();
        if (s != null) {
            if (!s.miner().held()) {
                problems.add("binlog_miner is not running (no miner holds the lock in the staging database)");
            }
            if (!s.loader().held()) {
                problems.add("binlog_loader is not running (no loader holds the lock in the staging database)");
            }
            MinerState m = s.state();
            if (m != null) {
                long age = secondsBetween(m.updatedAt(), s.now());
                if (age > t.maxHeartbeatSeconds()) {
                    problems.add("the miner's last update (heartbeat) is " + age + " s old, limit "
                            + t.maxHeartbeatSeconds() + " s");
                }
            }
            Backlog b = s.backlog();
            if (b != null && b.oldestEventTs() != null) {
                long age = secondsBetween(b.oldestEventTs(), s.now());
                if (age > t.maxLagSeconds()) {
                    problems.add("the oldest unapplied staged change is " + age + " s old (" + b.rows()
                            + " changes waiting), limit " + t.maxLagSeconds() + " s");
                }
            }
            SourceLag lag = sourceLag(m, f.source().value(), f.now());
            if (lag.bytesBehind() != null && lag.bytesBehind() > t.maxLagBytes()) {
                problems.add("the miner is " + lag.bytesBehind() + " bytes (" + lag.filesBehind()
                        + " binlog files) behind the source, limit " + t.maxLagBytes() + " bytes");
            }
            if (lag.note() != null && lag.note().contains("no longer on the source")) {
                problems.add(lag.note());
            }
        }
        if (f.target().read()) {
            for (Paused p : f.target().value().paused()) {
                problems.add("table \"" + p.table() + "\" is paused since " + p.since() + " (from staged seq "
                        + p.fromSeq() + "): " + p.reason());
            }
        }
        int code = !unreachable.isEmpty() ? UNREACHABLE : !problems.isEmpty() ? UNHEALTHY : HEALTHY;
        return new Health(List.copyOf(unreachable), List.copyOf(problems), code);
    }

    private static void unreachableOrMissing(String what, StatusFacts.Part<?> part, List<String> out) {
        if (part.configured() && part.error() != null) {
            out.add(what + ": " + part.error());
        }
    }

    static long secondsBetween(Instant from, Instant to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).getSeconds());
    }
}
