package io.mysql2gp.common.cli;

/**
 * A problem restarting cannot fix: bad configuration found late, a refused source, a purged
 * binlog, another copy of the daemon. The message is for the user (one line per problem);
 * {@link #exitCode} is the documented process exit code.
 */
public class FatalException extends Exception {
    /** Exit code of a fatal problem with the source, staging or target. */
    public static final int EXIT_FATAL = 3;
    /** Exit code when another copy of the daemon already works on the staging database. */
    public static final int EXIT_LEASE = 4;

    public final int exitCode;

    public FatalException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public FatalException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }
}
