package io.mysql2gp.common.status;

import io.mysql2gp.common.model.BinlogPosition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything {@code status} read from the three databases, each part either read, failed (with the
 * reason) or not configured; pure values, so rules and rendering are tested without servers.
 *
 * @param now    the time of the check (the status process's clock)
 * @param tables the tables of loader_table_list (empty when it could not be read)
 */
public record StatusFacts(Instant now, Part<StagingFacts> staging, Part<TargetFacts> target, Part<SourceFacts> source,
        List<String> tables) {

    public StatusFacts {
        tables = List.copyOf(tables);
    }

    /** One database's findings: a value, or the error that prevented reading it, or not configured. */
    public record Part<T>(T value, String error, boolean configured) {
        public static <T> Part<T> ok(T value) {
            return new Part<>(value, null, true);
        }

        public static <T> Part<T> failed(String error) {
            return new Part<>(null, error, true);
        }

        public static <T> Part<T> notConfigured() {
            return new Part<>(null, null, false);
        }

        public boolean read() {
            return value != null;
        }
    }

    /** Whether a daemon's advisory lock is held in staging, and by whom. */
    public record Lock(boolean held, String holder) {}

    /** The row of {@code mysql2gp.miner_state}. */
    public record MinerState(long lastSeq, long lastTxn, BinlogPosition position, Instant sourceTs, Instant updatedAt) {}

    /**
     * Staged changes after the loader's checkpoint.
     *
     * @param bytes        size of those changes (exact when {@code bytesExact}, else estimated from a sample)
     * @param oldestEventTs source time of the oldest unapplied change, null when none
     * @param perTable     unapplied changes by table, null when the backlog was too large to count cheaply
     */
    public record Backlog(long rows, long bytes, boolean bytesExact, Instant oldestEventTs, Map<String, Long> perTable) {}

    /**
     * What the staging database says.
     *
     * @param state   null when the miner has not staged anything yet
     * @param backlog null when the loader's checkpoint is unknown (target unreadable)
     * @param pausedWaiting staged changes each paused table has not got yet (from its {@code from_seq} on,
     *                      counted up to {@link StatusProbe#EXACT_BACKLOG_LIMIT} + 1)
     * @param now     the staging server's clock
     */
    public record StagingFacts(Lock miner, Lock loader, MinerState state, Backlog backlog,
            Map<String, Long> pausedWaiting, Instant now) {
        public StagingFacts {
            pausedWaiting = Map.copyOf(pausedWaiting);
        }
    }

    /** The row of {@code mysql2gp.loader_checkpoint}. */
    public record Checkpoint(long appliedSeq, long appliedTxn, Instant appliedAt, long rowsApplied) {}

    /** A row of {@code mysql2gp.loader_paused}. */
    public record Paused(String table, long fromSeq, String reason, Instant since) {}

    /**
     * What the target says.
     *
     * @param checkpoint null when the loader has applied nothing yet
     * @param now        the target server's clock
     */
    public record TargetFacts(Checkpoint checkpoint, List<Paused> paused, Instant now) {
        public TargetFacts {
            paused = List.copyOf(paused);
        }
    }

    /** One binary log on the source, from SHOW BINARY LOGS. */
    public record LogFile(String name, long size) {}

    /** The source's current binlog position (SHOW MASTER STATUS) and its binary logs. */
    public record SourceFacts(BinlogPosition current, List<LogFile> logs) {
        public SourceFacts {
            logs = List.copyOf(logs);
        }
    }
}
