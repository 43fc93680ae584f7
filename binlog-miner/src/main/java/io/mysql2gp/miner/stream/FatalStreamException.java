package io.mysql2gp.miner.stream;

/** A problem in the binlog stream that retrying cannot fix; the message names the binlog position. */
public final class FatalStreamException extends RuntimeException {
    public FatalStreamException(String message) {
        super(message);
    }

    public FatalStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
