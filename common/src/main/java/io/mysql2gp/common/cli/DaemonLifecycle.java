package io.mysql2gp.common.cli;

import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon as a process: pid file, SIGTERM → orderly stop → exit code 0 (through the
 * {@link ShutdownHook} main installs first), fatal problems → their documented exit code with one
 * log line each.
 */
public final class DaemonLifecycle {
    /** Returned when a signal stopped the daemon: the shutdown hook ends the process itself. */
    public static final int STOPPED_BY_SIGNAL = -1;

    /** The daemon being run. */
    public interface Daemon {
        /** Runs until stopped (returns 0) or a fatal problem. */
        int run() throws FatalException;

        /** Asks {@link #run()} to return soon, from another thread. */
        void requestStop();
    }

    private DaemonLifecycle() {}

    /**
     * What both daemons do once their configuration is valid: switch logging to {@code logDir} if
     * set, log the start with the effective configuration (passwords masked) and its warnings, and
     * serve metrics on {@code metricsPort} (0 = off). Returns false, having logged why, when the
     * metrics port cannot be opened.
     */
    public static boolean announce(String program, MyCnf cnf, Path logDir, String section, int metricsPort) {
        if (logDir != null) {
            LogSetup.init(program, logDir);
        }
        Logger log = LoggerFactory.getLogger(program);
        log.info("{} {} starting (pid {}), config {}", program, Version.current(), ProcessHandle.current().pid(),
                cnf.file().toAbsolutePath());
        cnf.warnings().forEach(w -> log.warn("config: {}", w));
        cnf.describe().forEach(line -> log.info("config: {}", line));
        try {
            if (Metrics.serve(metricsPort) != null) {
                log.info("metrics: Prometheus endpoint on http://0.0.0.0:{}/metrics", metricsPort);
            }
        } catch (IOException e) {
            log.error("config: [{}] metrics_port: cannot listen on port {}: {}", section, metricsPort, e.getMessage());
            return false;
        }
        return true;
    }

    /**
     * Runs {@code daemon} until it returns; returns its exit code, or {@link #STOPPED_BY_SIGNAL} when
     * a signal came ({@code hook}, installed first thing in main, then ends the process).
     */
    public static int run(String program, Daemon daemon, Path pidFile, ShutdownHook hook) {
        Logger log = LoggerFactory.getLogger(program);
        if (!hook.attach(daemon, pidFile)) {
            return STOPPED_BY_SIGNAL;
        }
        writePidFile(pidFile, log);
        int code;
        try {
            code = daemon.run();
        } catch (FatalException e) {
            e.getMessage().lines().forEach(line -> log.error("{}", line));
            code = e.exitCode;
        } catch (RuntimeException e) {
            log.error("{}: unexpected failure", program, e);
            code = 1;
        }
        hook.finished(code);
        ShutdownHook.deletePidFile(pidFile);
        return code;
    }

    private static void writePidFile(Path pidFile, Logger log) {
        if (pidFile != null) {
            try {
                Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                log.warn("cannot write pid file {}: {}", pidFile, e.getMessage());
            }
        }
    }
}
