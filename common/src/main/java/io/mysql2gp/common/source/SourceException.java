package io.mysql2gp.common.source;

import java.sql.SQLException;

/**
 * A failure talking to the source server; {@link #retriable()} tells a lost or refused connection
 * (worth retrying) from a fatal problem such as bad credentials or a missing table.
 */
public class SourceException extends RuntimeException {
    private final boolean retriable;

    public SourceException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public SourceException(String message, boolean retriable) {
        this(message, retriable, null);
    }

    public boolean retriable() {
        return retriable;
    }

    /** Whether the cause chain holds a connection-class error (SQLSTATE class 08) or a socket/timeout error. */
    public static boolean isConnectionError(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException se) {
                String state = se.getSQLState();
                if (state != null && state.startsWith("08")) {
                    return true;
                }
            }
            if (c instanceof java.net.SocketException || c instanceof java.net.SocketTimeoutException
                    || c instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The server's reason for a SQL error, with SQLSTATE and error code, e.g. {@code Access denied ... (SQLSTATE 28000, error 1045)}. */
    public static String reason(SQLException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // Connector/J puts the whole communications story on several lines; the first says what happened.
        int nl = msg.indexOf('\n');
        if (nl > 0) {
            msg = msg.substring(0, nl).trim();
        }
        return msg + " (SQLSTATE " + e.getSQLState() + ", error " + e.getErrorCode() + ")";
    }
}
