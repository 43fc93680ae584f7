package io.mysql2gp.common.config;

/** A connect string that cannot be parsed; the message names the problem but never holds a password. */
public class ConnectStringException extends IllegalArgumentException {
    public ConnectStringException(String message) {
        super(message);
    }
}
