package io.mysql2gp.common.retry;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Classifies failures as retriable (connection lost, server restarting, serialization conflict) or
 * not, by exception type and SQLSTATE along the cause chain, never by message text.
 */
public final class Failures {
    /** SQLSTATEs (besides class 08, connection exception) that a retry is expected to clear. */
    private static final Set<String> RETRIABLE_STATES = Set.of(
            "57P01", // admin_shutdown
            "57P02", // crash_shutdown
            "57P03", // cannot_connect_now (server starting up)
            "53300", // too_many_connections
            "40001", // serialization_failure
            "40P01"); // deadlock_detected

    private Failures() {
    }

    /** True if any throwable in the cause chain (and SQLException next-chain) is retriable. */
    public static boolean isRetriable(Throwable failure) {
        for (Throwable t : chain(failure)) {
            if (isRetriableItself(t)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code t} by itself (ignoring its causes) is a retriable failure. */
    static boolean isRetriableItself(Throwable t) {
        if (t instanceof RetriableException
                || t instanceof SQLTransientConnectionException
                || t instanceof SocketException // includes ConnectException
                || t instanceof ConnectException
                || t instanceof SocketTimeoutException
                || t instanceof EOFException
                || t instanceof ClosedChannelException) {
            return true;
        }
        if (t instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state != null && (state.startsWith("08") || RETRIABLE_STATES.contains(state));
        }
        return false;
    }

    /**
     * One line describing a failure for a log message: type, SQLSTATE and message of the outermost
     * exception, plus the innermost cause when it differs.
     */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "unknown error";
        }
        Throwable root = failure;
        for (Throwable t : chain(failure)) {
            root = t;
        }
        String text = one(failure);
        return root == failure ? text : text + " (caused by " + one(root) + ")";
    }

    /**
     * One line for a user when a failure ends the daemon: the message of an SQL or I/O failure (ours
     * name the database and the my.cnf key) with its SQLSTATE, without Java class names; anything
     * else (a defect) as {@link #describe(Throwable)}.
     */
    public static String forUser(Throwable failure) {
        if ((failure instanceof SQLException || failure instanceof java.io.IOException)
                && failure.getMessage() != null && !failure.getMessage().isBlank()) {
            String state = failure instanceof SQLException sql && sql.getSQLState() != null
                    ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
            return failure.getMessage() + state;
        }
        return describe(failure);
    }

    private static String one(Throwable t) {
        StringBuilder sb = new StringBuilder(t.getClass().getSimpleName());
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            sb.append(" [").append(sql.getSQLState()).append(']');
        }
        if (t.getMessage() != null) {
            sb.append(": ").append(t.getMessage());
        }
        return sb.toString();
    }

    /** The throwable, its causes and chained SQLExceptions, each once, outermost first. */
    static Iterable<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        java.util.List<Throwable> out = new java.util.ArrayList<>();
        Deque<Throwable> todo = new ArrayDeque<>();
        if (failure != null) {
            todo.add(failure);
        }
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException sql && sql.getNextException() != null) {
                todo.add(sql.getNextException());
            }
        }
        return out;
    }
}
