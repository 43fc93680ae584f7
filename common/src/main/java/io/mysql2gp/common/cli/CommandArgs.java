package io.mysql2gp.common.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a subcommand ({@code ddl}, {@code status}, {@code verify}): options with a value
 * ({@code --name value} or {@code --name=value}) and flags ({@code --name}); anything else is an
 * {@link IllegalArgumentException} naming it.
 */
public final class CommandArgs {
    private final Map<String, String> values;

    private CommandArgs(Map<String, String> values) {
        this.values = values;
    }

    public static CommandArgs parse(List<String> args, Set<String> valued, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            String name = eq > 0 ? a.substring(0, eq) : a;
            if (flags.contains(name) && eq < 0) {
                values.put(name, "");
            } else if (valued.contains(name)) {
                String value = eq > 0 ? a.substring(eq + 1) : i + 1 < args.size() ? args.get(++i) : null;
                if (value == null) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, value);
            } else {
                throw new IllegalArgumentException("unknown argument '" + a + "'");
            }
        }
        return new CommandArgs(values);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The value of {@code name}, or {@code fallback} when not given. */
    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** A comma-separated list option (blank items dropped); empty when not given; refused when it names nothing. */
    public List<String> list(String name) {
        if (!values.containsKey(name)) {
            return List.of();
        }
        List<String> items = Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException(name + " '" + values.get(name) + "' names no table");
        }
        return items;
    }

    /** A whole-number option of at least {@code min}, or {@code fallback} when not given. */
    public long number(String name, long fallback, long min) {
        if (!values.containsKey(name)) {
            return fallback;
        }
        String v = values.get(name);
        try {
            long n = Long.parseLong(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " '" + v + "' is not a whole number of at least " + min);
    }
}
