package io.mysql2gp.common.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code [binlogloader]} section: the table list and how the loader batches and applies.
 *
 * @param loadBatch     minimum rows per batch before the gap has passed
 * @param loadBatchGap  longest wait between batches
 * @param metricsPort   HTTP port for metrics, 0 = off
 * @param pauseRetry    how often a paused table is retried
 */
public record LoaderSettings(Path tableList, int loadBatch, Duration loadBatchGap, int maxBatchRows,
        long maxBatchBytes, int poolSize, Dialect dialect, ZeroDate zeroDate, Path logDir, Path pidFile,
        int metricsPort, Duration pauseRetry) {

    public static final String SECTION = "binlogloader";
    static final Key<Path> TABLE_LIST = Key.required("loader_table_list", Parsers.path(),
            "file listing the tables to sync, one per line");
    static final Key<Integer> LOAD_BATCH = Key.optional("load_batch", 10, Parsers.integer(1, 100_000_000),
            "minimum rows per batch");
    static final Key<Integer> LOAD_BATCH_GAP = Key.optional("load_batch_gap", 10, Parsers.integer(0, 86_400),
            "seconds between batches at most");
    static final Key<Integer> MAX_BATCH_ROWS = Key.optional("max_batch_rows", 1_000_000,
            Parsers.integer(1, 100_000_000), "maximum rows per batch (whole transactions may exceed it)");
    static final Key<Long> MAX_BATCH_BYTES = Key.optional("max_batch_bytes", 256L << 20,
            Parsers.size(1L << 20, 16L << 30), "maximum bytes of row data per batch, e.g. 256MB");
    static final Key<Integer> POOL_SIZE = Key.optional("pool_size", 4, Parsers.integer(1, 64),
            "maximum connections to the target");
    static final Key<Dialect> DIALECT = Key.optional("dialect", Dialect.AUTO, Parsers.oneOf(Dialect.class),
            "target kind; auto detects Greenplum from version()");
    static final Key<ZeroDate> ZERO_DATE = Key.optional("zero_date", ZeroDate.NULL, Parsers.oneOf(ZeroDate.class),
            "what a MySQL zero date becomes in the target");
    static final Key<Path> LOG_DIR = Key.optional("log_dir", null, Parsers.path(),
            "directory for binlog_loader.log; console only when not set");
    static final Key<Path> PID_FILE = Key.optional("pid_file", null, Parsers.path(), "file to write the pid to");
    static final Key<Integer> METRICS_PORT = Key.optional("metrics_port", 0, Parsers.integer(0, 65535),
            "HTTP port for metrics on 127.0.0.1, 0 = off");
    static final Key<Integer> PAUSE_RETRY_SECONDS = Key.optional("pause_retry_seconds", 30, Parsers.integer(1, 3600),
            "seconds between retries of a paused table (one the target cannot take yet)");
    static final List<Key<?>> KEYS = List.of(TABLE_LIST, LOAD_BATCH, LOAD_BATCH_GAP, MAX_BATCH_ROWS, MAX_BATCH_BYTES,
            POOL_SIZE, DIALECT, ZERO_DATE, LOG_DIR, PID_FILE, METRICS_PORT, PAUSE_RETRY_SECONDS);

    /** The kind of target database. */
    public enum Dialect { AUTO, POSTGRESQL, GREENPLUM }

    /** What a MySQL zero date ({@code 0000-00-00}) becomes in the target. */
    public enum ZeroDate implements Parsers.ConfigNamed {
        NULL("null"), NEGATIVE_INFINITY("-infinity");

        private final String text;

        ZeroDate(String text) {
            this.text = text;
        }

        @Override
        public String configName() {
            return text;
        }
    }

    static LoaderSettings read(SectionReader r) {
        Path list = r.get(TABLE_LIST);
        if (list != null && !Files.isRegularFile(list)) {
            r.problem(TABLE_LIST, "file " + list + " does not exist");
        }
        Integer batch = r.get(LOAD_BATCH);
        Integer maxRows = r.get(MAX_BATCH_ROWS);
        if (batch != null && maxRows != null && batch > maxRows) {
            r.problem(LOAD_BATCH, batch + " is more than max_batch_rows (" + maxRows + ")");
        }
        Integer gap = r.get(LOAD_BATCH_GAP);
        Long maxBytes = r.get(MAX_BATCH_BYTES);
        return new LoaderSettings(list, orZero(batch), Duration.ofSeconds(orZero(gap)), orZero(maxRows),
                maxBytes == null ? 0 : maxBytes, orZero(r.get(POOL_SIZE)),
                r.get(DIALECT), r.get(ZERO_DATE), r.get(LOG_DIR), r.get(PID_FILE), orZero(r.get(METRICS_PORT)),
                Duration.ofSeconds(orZero(r.get(PAUSE_RETRY_SECONDS))));
    }

    List<String> describe() {
        return new Describe(SECTION).add(TABLE_LIST, tableList).add(LOAD_BATCH, loadBatch)
                .add(LOAD_BATCH_GAP, loadBatchGap.toSeconds(), "seconds").add(MAX_BATCH_ROWS, maxBatchRows)
                .add(MAX_BATCH_BYTES, maxBatchBytes, "bytes").add(POOL_SIZE, poolSize).add(DIALECT, dialect)
                .add(ZERO_DATE, zeroDate).add(LOG_DIR, logDir).add(PID_FILE, pidFile)
                .add(METRICS_PORT, metricsPort).add(PAUSE_RETRY_SECONDS, pauseRetry.toSeconds(), "seconds").lines();
    }

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }
}
