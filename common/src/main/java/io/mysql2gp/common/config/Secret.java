package io.mysql2gp.common.config;

import java.util.Objects;

/** A password: its text is only available through {@link #reveal()}; it prints as {@code ********}. */
public final class Secret {
    public static final String MASK = "********";
    private static final Secret EMPTY = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return value == null || value.isEmpty() ? EMPTY : new Secret(value);
    }

    public static Secret empty() {
        return EMPTY;
    }

    /** The password itself; pass it straight to a driver, never to a log line or message. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    /** Always {@code ********}, whether or not there is a password. */
    @Override
    public String toString() {
        return MASK;
    }

    /** {@code ********} for a password, {@code (none)} when it is empty: for describing a configuration. */
    public String masked() {
        return isEmpty() ? "(none)" : MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
