package io.mysql2gp.common.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up logging at the start of {@code main}: routes java.util.logging into SLF4J and, when a log
 * directory is given, adds the daily/100MB rolling file {@code <dir>/<program>.log} to the console.
 */
public final class LogSetup {
    public static final String LOG_DIR_PROPERTY = "mysql2gp.log.dir";
    public static final String PROGRAM_PROPERTY = "mysql2gp.program";
    static final String FILE_CONFIG = "/mysql2gp-logback-file.xml";

    private LogSetup() {
    }

    /**
     * Installs the JUL bridge and, if {@code logDir} (or else the system property
     * {@value #LOG_DIR_PROPERTY}) is set, switches logback to console plus rolling file. A logback
     * configuration chosen by the user ({@code -Dlogback.configurationFile}) is left alone.
     *
     * @param logDir directory for the log file, created if missing; null for the system property
     * @throws UncheckedIOException if the log directory cannot be created
     */
    public static void init(String program, Path logDir) {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
        String dir = logDir != null ? logDir.toString() : System.getProperty(LOG_DIR_PROPERTY);
        if (dir == null || dir.isBlank() || System.getProperty("logback.configurationFile") != null) {
            return;
        }
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return; // another SLF4J binding: its own configuration applies
        }
        Path path = Path.of(dir).toAbsolutePath();
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("log directory " + path + " cannot be created: " + e.getMessage(), e);
        }
        configure(context, FILE_CONFIG, path.toString(), program);
        LoggerFactory.getLogger(LogSetup.class).info("{} logging to {}", program, path.resolve(program + ".log"));
    }

    private static void configure(LoggerContext context, String resource, String dir, String program) {
        URL url = LogSetup.class.getResource(resource);
        context.reset();
        context.putProperty(LOG_DIR_PROPERTY, dir);
        context.putProperty(PROGRAM_PROPERTY, program);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new IllegalStateException("logging configuration " + resource + " failed: " + e.getMessage(), e);
        }
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() == Status.ERROR) {
                System.err.println("logging: " + s.getMessage());
            }
        }
    }
}
