package io.mysql2gp.miner.decode;

/** A binlog row or table map that cannot be turned into staging text; fatal (retrying gives the same result). */
public class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
