package io.mysql2gp.common.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The optional {@code [binlogminer]} section: how the miner batches writes into staging; all keys
 * have defaults, so an absent section gives {@link #defaults()}.
 *
 * @param metricsPort HTTP port for metrics, 0 = off
 * @param retentionWarnFiles warn while the miner's binlog file is one of this many oldest files on the
 *     source (and not the file the source writes now), 0 = off
 */
public record MinerSettings(int batchRows, Duration flushInterval, Duration heartbeat, Path logDir, Path pidFile,
        int metricsPort, int retentionWarnFiles) {

    public static final String SECTION = "binlogminer";
    static final Key<Integer> BATCH_ROWS = Key.optional("batch_rows", 10_000, Parsers.integer(1, 1_000_000),
            "rows per COPY into staging at most");
    static final Key<Integer> FLUSH_INTERVAL_MS = Key.optional("flush_interval_ms", 200, Parsers.integer(1, 60_000),
            "milliseconds before a partly filled batch is written");
    static final Key<Integer> HEARTBEAT_SECONDS = Key.optional("heartbeat_seconds", 5, Parsers.integer(1, 3600),
            "seconds between position updates while the source is idle");
    static final Key<Path> LOG_DIR = Key.optional("log_dir", null, Parsers.path(),
            "directory for binlog_miner.log; console only when not set");
    static final Key<Path> PID_FILE = Key.optional("pid_file", null, Parsers.path(), "file to write the pid to");
    static final Key<Integer> METRICS_PORT = Key.optional("metrics_port", 0, Parsers.integer(0, 65535),
            "HTTP port for metrics on 127.0.0.1, 0 = off");
    static final Key<Integer> RETENTION_WARN_FILES = Key.optional("binlog_retention_warn_files", 2,
            Parsers.integer(0, 10_000), "warn while the miner's binlog file is one of this many oldest binlog files"
                    + " on the source (next to be purged), 0 = off");
    static final List<Key<?>> KEYS = List.of(BATCH_ROWS, FLUSH_INTERVAL_MS, HEARTBEAT_SECONDS, LOG_DIR, PID_FILE,
            METRICS_PORT, RETENTION_WARN_FILES);

    /** The settings of an absent section. */
    public static MinerSettings defaults() {
        return new MinerSettings(BATCH_ROWS.defaultValue(), Duration.ofMillis(FLUSH_INTERVAL_MS.defaultValue()),
                Duration.ofSeconds(HEARTBEAT_SECONDS.defaultValue()), null, null, METRICS_PORT.defaultValue(),
                RETENTION_WARN_FILES.defaultValue());
    }

    static MinerSettings read(SectionReader r) {
        return new MinerSettings(LoaderSettings.orZero(r.get(BATCH_ROWS)),
                Duration.ofMillis(LoaderSettings.orZero(r.get(FLUSH_INTERVAL_MS))),
                Duration.ofSeconds(LoaderSettings.orZero(r.get(HEARTBEAT_SECONDS))), r.get(LOG_DIR), r.get(PID_FILE),
                LoaderSettings.orZero(r.get(METRICS_PORT)), LoaderSettings.orZero(r.get(RETENTION_WARN_FILES)));
    }

    List<String> describe() {
        return new Describe(SECTION).add(BATCH_ROWS, batchRows).add(FLUSH_INTERVAL_MS, flushInterval.toMillis())
                .add(HEARTBEAT_SECONDS, heartbeat.toSeconds()).add(LOG_DIR, logDir).add(PID_FILE, pidFile)
                .add(METRICS_PORT, metricsPort).add(RETENTION_WARN_FILES, retentionWarnFiles).lines();
    }
}
