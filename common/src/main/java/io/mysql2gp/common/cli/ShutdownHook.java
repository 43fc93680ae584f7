package io.mysql2gp.common.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's SIGTERM handler, installed first thing in {@code main} so that a signal at any
 * moment exits 0 (the JVM would otherwise exit 143): before the daemon runs it just ends the
 * process; while it runs it asks for the ordered stop, waits up to {@link #STOP_TIMEOUT_SECONDS}
 * and exits with the daemon's code.
 */
public final class ShutdownHook {
    static final long STOP_TIMEOUT_SECONDS = 90;

    private final String program;
    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private final Object lock = new Object();
    private DaemonLifecycle.Daemon daemon;
    private Path pidFile;
    private boolean signalled;
    private volatile int exitCode;

    private ShutdownHook(String program) {
        this.program = program;
        this.thread = new Thread(this::onSignal, "shutdown");
    }

    /** Registers the hook; call before anything else in {@code main}. */
    public static ShutdownHook install(String program) {
        ShutdownHook hook = new ShutdownHook(program);
        Runtime.getRuntime().addShutdownHook(hook.thread);
        return hook;
    }

    /**
     * Hands the daemon about to run (and its pid file) to the hook; false when a signal already
     * came, so the daemon must not start.
     */
    boolean attach(DaemonLifecycle.Daemon d, Path pid) {
        synchronized (lock) {
            if (signalled) {
                return false;
            }
            daemon = d;
            pidFile = pid;
            return true;
        }
    }

    /** The attached daemon has returned {@code code}. */
    void finished(int code) {
        exitCode = code;
        done.countDown();
    }

    /**
     * For a one-shot command (status, ddl, verify) instead of the daemon: removes the hook, so that a
     * signal ends the command as the JVM does (exit 143), never as a success.
     */
    public void release() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the hook is already running and ends the process
        }
    }

    /**
     * Ends {@code main} with {@code code}; returns without exiting when a signal is already shutting
     * the JVM down (this hook then ends the process).
     */
    public void exit(int code) {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            return;
        }
        System.exit(code);
    }

    private void onSignal() {
        DaemonLifecycle.Daemon d;
        synchronized (lock) {
            signalled = true;
            d = daemon;
        }
        Logger log = LoggerFactory.getLogger(program);
        if (d == null) {
            log.info("{}: SIGTERM received during start-up; exiting", program);
        } else {
            log.info("{}: SIGTERM received; stopping", program);
            d.requestStop();
            try {
                if (!done.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    log.warn("{}: did not stop within {} s; exiting anyway", program, STOP_TIMEOUT_SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deletePidFile(pidFile);
        }
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.stop();
        }
        Runtime.getRuntime().halt(d == null ? 0 : exitCode);
    }

    static void deletePidFile(Path pidFile) {
        if (pidFile != null) {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException ignored) {
                // best effort: a stale pid file is checked against the process by the watchdog
            }
        }
    }
}
