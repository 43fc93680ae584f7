package io.mysql2gp.common.config;

import java.util.Objects;

/**
 * Declares one configuration key: its name, default, whether it must be given, a description for
 * messages, and the parser that validates and converts its text.
 *
 * @param secret true if the value must never be echoed (passwords, connect strings)
 */
public record Key<T>(String name, T defaultValue, boolean required, boolean secret, String description,
        ValueParser<T> parser) {

    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
    }

    /** A key that must be given. */
    public static <T> Key<T> required(String name, ValueParser<T> parser, String description) {
        return new Key<>(name, null, true, false, description, parser);
    }

    /** A key with a default (which may be null: "not set"). */
    public static <T> Key<T> optional(String name, T defaultValue, ValueParser<T> parser, String description) {
        return new Key<>(name, defaultValue, false, false, description, parser);
    }

    /** The same key, marked as holding a secret that messages must not echo. */
    public Key<T> secretValue() {
        return new Key<>(name, defaultValue, required, true, description, parser);
    }
}
