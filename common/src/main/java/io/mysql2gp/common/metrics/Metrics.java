package io.mysql2gp.common.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Prometheus metrics of both daemons (Prometheus Java client), served on {@code /metrics} when
 * {@code metrics_port} is set. Counters only grow; a daemon restart starts them from zero.
 */
public final class Metrics {
    /** Binlog events read from the source (miner). */
    public static final Counter EVENTS_READ = Counter.builder().name("mysql2gp_binlog_events_read_total")
            .help("binlog events read from the source").register();
    /** Row changes committed to staging, per source table (miner). */
    public static final Counter ROWS_STAGED = Counter.builder().name("mysql2gp_rows_staged_total")
            .help("row changes committed to staging").labelNames("table").register();
    /** Staged changes applied to the target, per table (loader). */
    public static final Counter ROWS_APPLIED = Counter.builder().name("mysql2gp_changes_applied_total")
            .help("staged changes applied to the target").labelNames("table").register();
    /** Duration of staging commits (miner) and target batches (loader). */
    public static final Histogram BATCH_SECONDS = Histogram.builder().name("mysql2gp_batch_duration_seconds")
            .help("duration of a staging commit (miner) or a target batch (loader)").labelNames("daemon").register();
    /** Seconds behind the source: the miner's last event read, the loader's last change applied. */
    public static final Gauge LAG_SECONDS = Gauge.builder().name("mysql2gp_lag_seconds")
            .help("seconds behind the source").labelNames("daemon").register();
    /** Staged changes the loader has not applied yet. */
    public static final Gauge BACKLOG = Gauge.builder().name("mysql2gp_backlog_changes")
            .help("staged changes not applied yet").register();
    /** Tables the loader has paused. */
    public static final Gauge PAUSED_TABLES = Gauge.builder().name("mysql2gp_paused_tables")
            .help("tables the loader has paused").register();
    /**
     * Binlog files on the source older than the miner's (0: its file is the next one purged; -1: purged).
     * Registered by the miner only ({@link #registerMinerGauges()}): a loader showing 0 would read as an alarm.
     */
    public static final Gauge BINLOG_FILES_BEFORE_MINER = Gauge.builder().name("mysql2gp_binlog_files_before_miner")
            .help("binlog files on the source older than the miner's file (0: it is the oldest, -1: purged)")
            .build();
    private static final AtomicBoolean MINER_GAUGES = new AtomicBoolean();
    /** Failures that ended a session (followed by a reconnect with backoff). */
    public static final Counter ERRORS = Counter.builder().name("mysql2gp_errors_total")
            .help("failures that ended a session").labelNames("daemon").register();
    /** Sessions started after the first (reconnects). */
    public static final Counter RECONNECTS = Counter.builder().name("mysql2gp_reconnects_total")
            .help("sessions started again after a failure").labelNames("daemon").register();

    private Metrics() {}

    /** Adds the miner-only gauges to the served metrics; safe to call more than once. */
    public static void registerMinerGauges() {
        if (MINER_GAUGES.compareAndSet(false, true)) {
            PrometheusRegistry.defaultRegistry.register(BINLOG_FILES_BEFORE_MINER);
        }
    }

    /** Serves the metrics on {@code port} (all interfaces); returns null when {@code port} is 0. */
    public static HTTPServer serve(int port) throws IOException {
        if (port <= 0) {
            return null;
        }
        return HTTPServer.builder().port(port).buildAndStart();
    }
}
