package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A binlog_miner or binlog_loader running as its own JVM (as users run it), for kill -9 and exit-code tests. */
public final class DaemonProcess implements AutoCloseable {
    public static final String MINER = "io.mysql2gp.miner.Main";
    public static final String LOADER = "io.mysql2gp.loader.Main";

    private final String name;
    private final Process process;
    private final Path log;

    private final long logOffset;

    private DaemonProcess(String name, Process process, Path log, long logOffset) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.logOffset = logOffset;
    }

    /** Starts {@code binlog_miner --config <config>} with the test classpath; output appends to {@code log}. */
    public static DaemonProcess start(Path config, Path log, String... extraArgs) throws IOException {
        return start(MINER, config, log, extraArgs);
    }

    /** Starts the daemon whose main class is {@code mainClass} with {@code --config <config>}. */
    public static DaemonProcess start(String mainClass, Path config, Path log, String... extraArgs) throws IOException {
        return start(mainClass, List.of(), config, log, extraArgs);
    }

    /**
     * As {@link #start(String, Path, Path, String...)} with extra JVM options after the launcher's default
     * ones ({@link #launcherJvmOptions}), e.g. {@code "-Xmx96m"} to override the heap.
     */
    public static DaemonProcess start(String mainClass, List<String> jvmOptions, Path config, Path log,
            String... extraArgs) throws IOException {
        String name = mainClass.equals(MINER) ? "binlog_miner" : mainClass.equals(LOADER) ? "binlog_loader" : mainClass;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(launcherJvmOptions(name));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass, "--config", config.toString()));
        cmd.addAll(List.of(extraArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(config.getParent().toFile());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        return new DaemonProcess(name, pb.start(), log, offset);
    }

    /**
     * The JVM options the launchers give {@code program} by default: its line of {@code bin/jvm.options}
     * in the source tree (found above the working directory), so that tests run the daemons as users do.
     */
    public static List<String> launcherJvmOptions(String program) throws IOException {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("bin").resolve("jvm.options");
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith(program + "=")) {
                        return List.of(line.substring(program.length() + 1).trim().split("\\s+"));
                    }
                }
                throw new IOException(file + " has no line for " + program);
            }
        }
        throw new IOException("no bin/jvm.options above " + System.getProperty("user.dir"));
    }

    /**
     * Starts a launcher script exactly as users do, {@code <launcher> --config my.cnf [args]} in the
     * config's directory; output appends to {@code log}. The launcher execs the JVM, so signals
     * and the exit code are the daemon's own.
     */
    public static DaemonProcess launch(Path launcher, Path config, Path log, String... args) throws IOException {
        // from the config's directory with its bare name, as in the README: ./binlog_miner --config my.cnf
        List<String> cmd = new ArrayList<>(List.of(launcher.toString(), "--config", config.getFileName().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.directory(config.toAbsolutePath().getParent().toFile());
        long offset = Files.exists(log) ? Files.size(log) : 0;
        return new DaemonProcess(launcher.getFileName().toString(), pb.start(), log, offset);
    }

    /** Waits up to {@code timeoutSeconds} for the process to end; returns its exit code. */
    public int awaitExit(long timeoutSeconds) throws IOException, InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            throw new AssertionError("daemon did not exit within " + timeoutSeconds + " s; log:\n" + ownOutput());
        }
        return process.exitValue();
    }

    /** Runs the miner to completion (for commands and bad-input cases) and returns its exit code. */
    public static int run(Path config, Path log, long timeoutSeconds, String... extraArgs) throws Exception {
        return run(MINER, config, log, timeoutSeconds, extraArgs);
    }

    /** Runs the daemon {@code mainClass} to completion and returns its exit code. */
    public static int run(String mainClass, Path config, Path log, long timeoutSeconds, String... extraArgs)
            throws Exception {
        try (DaemonProcess p = start(mainClass, config, log, extraArgs)) {
            if (!p.process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError(p.name + " did not exit within " + timeoutSeconds + " s; log:\n" + p.output());
            }
            return p.process.exitValue();
        }
    }

    /** Waits until this process (not an earlier one on the same log) has logged {@code text}. */
    public void awaitLog(String text, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (ownOutput().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before logging '" + text
                        + "'; log:\n" + ownOutput());
            }
            Thread.sleep(50);
        }
        throw new AssertionError(name + " did not log '" + text + "' within " + timeoutMillis + " ms; log:\n" + ownOutput());
    }

    /** What this process wrote to the log. */
    public String ownOutput() throws IOException {
        String all = output();
        return all.length() >= logOffset ? all.substring((int) logOffset) : all;
    }

    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait; returns the exit code. */
    public int terminate(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within " + timeoutSeconds + " s after SIGTERM");
        }
        return process.exitValue();
    }

    /** Exit code, or null while running. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
