package io.mysql2gp.common.retry;

/** An error our own code raises for a condition that is expected to clear by itself (retry it). */
public class RetriableException extends RuntimeException {
    public RetriableException(String message) {
        super(message);
    }

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }
}
