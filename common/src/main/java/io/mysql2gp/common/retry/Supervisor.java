package io.mysql2gp.common.retry;

import io.mysql2gp.common.metrics.Metrics;

import io.mysql2gp.common.cli.FatalException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a daemon's sessions (connect → work until something breaks) over and over: before the first
 * session got going every failure is fatal (reported once; a watchdog restarts the process),
 * afterwards failures are retried with capped backoff; a stop request ends it quietly.
 */
public final class Supervisor {
    private static final Logger log = LoggerFactory.getLogger(Supervisor.class);

    /** One session; returns when stopped, throws when it broke. */
    @FunctionalInterface
    public interface Session {
        void run(boolean first) throws Exception;
    }

    private final String name;
    private final Backoff backoff;
    private volatile boolean stopRequested;
    private volatile boolean started;
    private volatile Thread runner;

    public Supervisor(String name, Backoff backoff) {
        this.name = name;
        this.backoff = backoff;
    }

    /** Called by a session once it works: from then on its failures are retried. */
    public void markStarted() {
        started = true;
    }

    public boolean started() {
        return started;
    }

    /** A session that made progress resets the backoff. */
    public void succeeded() {
        backoff.succeeded();
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Asks {@link #run} to return: interrupts the running session's thread. */
    public void requestStop() {
        stopRequested = true;
        Thread r = runner;
        if (r != null) {
            r.interrupt();
        }
    }

    /**
     * Runs sessions until stopped; {@code afterSession} runs after each one (cleanup).
     *
     * @throws FatalException from a session, or wrapping any failure before the first session started
     */
    public void run(Session session, Runnable afterSession) throws FatalException {
        runner = Thread.currentThread();
        boolean first = true;
        while (!stopRequested) {
            try {
                if (!first) {
                    Metrics.RECONNECTS.labelValues(name).inc();
                }
                session.run(first);
            } catch (FatalException e) {
                throw e;
            } catch (Exception e) {
                if (stopRequested) {
                    break; // the stop request interrupted the session
                }
                if (!started) {
                    throw new FatalException(Failures.forUser(e), FatalException.EXIT_FATAL, e);
                }
                Metrics.ERRORS.labelValues(name).inc();
                try {
                    backoff.failedAndWait(e);
                } catch (InterruptedException ie) {
                    if (stopRequested) {
                        break;
                    }
                }
            } finally {
                afterSession.run();
            }
            Thread.interrupted(); // a late interrupt must not break the next session
            first = false;
        }
        log.info("{}: stopped", name);
    }
}
