package io.mysql2gp.common.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsed arguments of a daemon: {@code --config FILE} (also {@code --config=FILE}, {@code -c FILE}),
 * {@code --help}, {@code --version}, and one optional subcommand with its own arguments. Global
 * options may also follow the subcommand; anything else after it belongs to the subcommand.
 *
 * @param command the subcommand, or null to run as a daemon
 * @param args    the subcommand's arguments
 */
public record CommandLine(Path config, boolean help, boolean version, String command, List<String> args) {
    /** The configuration file used when none is given. */
    public static final Path DEFAULT_CONFIG = Path.of("my.cnf");

    public CommandLine {
        args = List.copyOf(args);
    }

    /** Thrown by {@link #forMain} when the program should exit now with {@link #code}. */
    public static final class Exit extends Exception {
        public final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** Exit code of a bad command line or configuration. */
    public static final int EXIT_USAGE = 2;

    /**
     * Parses {@code argv} for a program's {@code main}: prints the usage for {@code --help}, the
     * version for {@code --version}, and the problem plus usage for bad arguments (stderr), then
     * throws {@link Exit} with the exit code (0 or {@value #EXIT_USAGE}).
     */
    public static CommandLine forMain(Usage usage, String... argv) throws Exit {
        CommandLine cl;
        try {
            cl = parse(usage, argv);
        } catch (CommandLineException e) {
            System.err.println(e.getMessage());
            throw new Exit(EXIT_USAGE);
        }
        if (cl.help()) {
            System.out.println(usage.text());
            throw new Exit(0);
        }
        if (cl.version()) {
            System.out.println(usage.program() + " " + Version.current());
            throw new Exit(0);
        }
        return cl;
    }

    /**
     * Parses {@code argv} against {@code usage}.
     *
     * @throws CommandLineException naming the unknown option or command, with the usage text
     */
    public static CommandLine parse(Usage usage, String... argv) {
        Path config = null;
        boolean help = false;
        boolean version = false;
        String command = null;
        List<String> args = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && (a.equals("--config") || a.equals("-c") || a.startsWith("--config="))) {
                String value;
                if (a.startsWith("--config=")) {
                    value = a.substring("--config=".length());
                } else if (i + 1 < argv.length) {
                    value = argv[++i];
                } else {
                    throw new CommandLineException(a + " needs a file name", usage.text());
                }
                if (value.isEmpty()) {
                    throw new CommandLineException(a + " needs a file name", usage.text());
                }
                if (config != null) {
                    throw new CommandLineException("--config given more than once", usage.text());
                }
                config = Path.of(value);
            } else if (!optionsEnded && (a.equals("--help") || a.equals("-h"))) {
                help = true;
            } else if (!optionsEnded && command == null && (a.equals("--version") || a.equals("-V"))) {
                version = true;
            } else if (command != null) {
                args.add(a); // the subcommand's own arguments and options
            } else if (!optionsEnded && a.startsWith("-") && a.length() > 1) {
                throw new CommandLineException("unknown option \"" + a + "\"", usage.text());
            } else {
                if (!usage.commands().isEmpty() && !usage.commands().containsKey(a)) {
                    throw new CommandLineException("unknown command \"" + a + "\"; commands: "
                            + String.join(", ", usage.commands().keySet()), usage.text());
                }
                if (usage.commands().isEmpty()) {
                    throw new CommandLineException("unexpected argument \"" + a + "\"", usage.text());
                }
                command = a;
            }
        }
        return new CommandLine(config == null ? DEFAULT_CONFIG : config, help, version, command, args);
    }
}
