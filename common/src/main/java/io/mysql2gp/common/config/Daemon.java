package io.mysql2gp.common.config;

/** Which program reads the configuration; it decides which sections and keys are required. */
public enum Daemon {
    MINER("binlog_miner"),
    LOADER("binlog_loader");

    private final String program;

    Daemon(String program) {
        this.program = program;
    }

    /** The program name users know: {@code binlog_miner} or {@code binlog_loader}. */
    public String program() {
        return program;
    }
}
