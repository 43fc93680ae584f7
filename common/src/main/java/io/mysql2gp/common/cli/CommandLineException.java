package io.mysql2gp.common.cli;

/** Arguments that cannot be understood; the message names the problem and ends with the usage text. */
public class CommandLineException extends IllegalArgumentException {
    private final String problem;

    public CommandLineException(String problem, String usage) {
        super(problem + "\n\n" + usage);
        this.problem = problem;
    }

    /** The problem alone, without the usage text. */
    public String problem() {
        return problem;
    }
}
