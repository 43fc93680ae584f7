package io.mysql2gp.common.config;

import java.nio.file.Path;

/** Converts the text of one configuration value; relative paths resolve against {@code baseDir}. */
@FunctionalInterface
public interface ValueParser<T> {
    /**
     * Parses {@code text} (quotes already removed, not empty).
     *
     * @throws IllegalArgumentException with a message that reads after the quoted value, such as
     *         {@code is not a number}; it must not contain the value itself
     */
    T parse(String text, Path baseDir);
}
