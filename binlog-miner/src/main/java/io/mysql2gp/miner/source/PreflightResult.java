package io.mysql2gp.miner.source;

import java.util.List;

/**
 * The outcome of {@link Preflight}: one-line failures (the miner must not start) and warnings.
 *
 * @param failures what is wrong, where and how to fix it; empty when the source is usable
 * @param warnings things that work but deserve attention
 * @param server   the server's facts, or null when it could not be reached
 */
public record PreflightResult(List<String> failures, List<String> warnings, ServerInfo server) {
    public PreflightResult {
        failures = List.copyOf(failures);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return failures.isEmpty();
    }

    /** All failures, one per line, for the fatal error message. */
    public String failureText() {
        return String.join(System.lineSeparator(), failures);
    }
}
