package io.mysql2gp.common.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a program accepts, for parsing and for its help text.
 *
 * @param commands subcommand name to one-line description, in display order; empty if none
 */
public record Usage(String program, String summary, Map<String, String> commands) {
    public Usage {
        commands = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    }

    /** The help text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: ").append(program).append(" [options]")
                .append(commands.isEmpty() ? "" : " [command [args...]]").append('\n');
        if (summary != null && !summary.isEmpty()) {
            sb.append(summary).append('\n');
        }
        sb.append("\nOptions:\n")
                .append("  -c, --config FILE   configuration file (default: my.cnf in the working directory)\n")
                .append("  -h, --help          show this help and exit\n")
                .append("  -V, --version       show the version and exit\n");
        if (!commands.isEmpty()) {
            sb.append("\nCommands (without one, ").append(program).append(" runs as a daemon):\n");
            commands.forEach((name, text) -> sb.append(String.format("  %-19s %s%n", name, text)));
        }
        return sb.toString();
    }
}
