package io.mysql2gp.common.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The value parsers configuration keys are declared with. */
public final class Parsers {
    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "", 1L, "b", 1L, "k", 1L << 10, "kb", 1L << 10, "m", 1L << 20, "mb", 1L << 20, "g", 1L << 30,
            "gb", 1L << 30);

    private Parsers() {
    }

    public static ValueParser<String> text() {
        return (t, dir) -> t;
    }

    public static ValueParser<Secret> secret() {
        return (t, dir) -> Secret.of(t);
    }

    public static ValueParser<Integer> integer(int min, int max) {
        return (t, dir) -> (int) range(number(t), min, max);
    }

    public static ValueParser<Long> longInteger(long min, long max) {
        return (t, dir) -> range(number(t), min, max);
    }

    /** A path; a relative one is resolved against the directory of the configuration file. */
    public static ValueParser<Path> path() {
        return (t, dir) -> {
            try {
                Path p = Path.of(t);
                return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("is not a valid path");
            }
        };
    }

    /** A byte count: a number, optionally followed by B, KB, MB or GB (powers of 1024). */
    public static ValueParser<Long> size(long min, long max) {
        return (t, dir) -> {
            String s = t.strip().toLowerCase(Locale.ROOT);
            int i = 0;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            Long unit = SIZE_UNITS.get(s.substring(i).strip());
            if (i == 0 || unit == null || i > 15) {
                throw new IllegalArgumentException("is not a size (use a number of bytes, or a number followed by"
                        + " KB, MB or GB)");
            }
            long n = Long.parseLong(s.substring(0, i));
            if (n > Long.MAX_VALUE / unit) {
                throw new IllegalArgumentException("is out of range " + min + ".." + max + " bytes");
            }
            long bytes = n * unit;
            if (bytes < min || bytes > max) {
                throw new IllegalArgumentException("is out of range " + min + ".." + max + " bytes");
            }
            return bytes;
        };
    }

    /** One of an enum's constants, by their {@link ConfigNamed#configName()} or name, ignoring case. */
    public static <E extends Enum<E>> ValueParser<E> oneOf(Class<E> type) {
        E[] values = type.getEnumConstants();
        return (t, dir) -> Arrays.stream(values)
                .filter(e -> configName(e).equalsIgnoreCase(t.strip()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("is not one of "
                        + Arrays.stream(values).map(Parsers::configName).collect(Collectors.joining(", "))));
    }

    /** How a constant is written in the configuration file. */
    public static String configName(Enum<?> e) {
        return e instanceof ConfigNamed n ? n.configName() : e.name().toLowerCase(Locale.ROOT);
    }

    private static long number(String t) {
        try {
            return Long.parseLong(t.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a number");
        }
    }

    private static long range(long n, long min, long max) {
        if (n < min || n > max) {
            throw new IllegalArgumentException("is out of range " + min + ".." + max);
        }
        return n;
    }

    /** An enum whose constants are written differently from their lower-cased names. */
    public interface ConfigNamed {
        String configName();
    }
}
