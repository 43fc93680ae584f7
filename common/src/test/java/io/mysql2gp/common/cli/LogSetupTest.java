package io.mysql2gp.common.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{0} - %msg%n";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restoreDefaultConfiguration() throws Exception {
        context.reset();
        new ContextInitializer(context).autoConfig();
    }

    @Test
    void byDefaultLogsGoToStdoutWithFullTimestamps() {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("CONSOLE")).isInstanceOfSatisfying(ConsoleAppender.class, a -> {
            assertThat(a.getTarget()).isEqualTo("System.out");
            assertThat(((PatternLayoutEncoder) a.getEncoder()).getPattern()).isEqualTo(PATTERN);
        });
        assertThat(root.getAppender("FILE")).isNull();
    }

    @Test
    void libraryLoggersStayQuiet() {
        for (String name : new String[] {"com.github.shyiko.mysql.binlog.BinaryLogClient", "com.zaxxer.hikari.pool.HikariPool",
                "com.zaxxer.hikari.HikariConfig", "org.postgresql.core.v3.ConnectionFactoryImpl"}) {
            assertThat(LoggerFactory.getLogger(name).isDebugEnabled()).as(name).isFalse();
        }
        assertThat(LoggerFactory.getLogger("com.github.shyiko.mysql.binlog.BinaryLogClient").isInfoEnabled()).isTrue();
    }

    @Test
    void aLogDirectoryAddsARollingFileThatAlsoReceivesJavaUtilLogging(@TempDir Path dir) throws Exception {
        Path logDir = dir.resolve("logs");
        LogSetup.init("binlog_test", logDir);
        LoggerFactory.getLogger("io.mysql2gp.Probe").info("hello from slf4j");
        java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog.BinaryLogClient").info("hello from jul");
        java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog.BinaryLogClient").fine("too detailed");

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("FILE")).isInstanceOfSatisfying(RollingFileAppender.class, a -> {
            assertThat(a.getFile()).isEqualTo(logDir.resolve("binlog_test.log").toString());
            SizeAndTimeBasedRollingPolicy<?> p = (SizeAndTimeBasedRollingPolicy<?>) a.getRollingPolicy();
            assertThat(p.getMaxHistory()).isEqualTo(14);
            assertThat(p.getFileNamePattern()).isEqualTo(logDir + "/binlog_test.%d{yyyy-MM-dd}.%i.log");
        });
        assertThat(root.getAppender("CONSOLE")).isNotNull();
        String text = Files.readString(logDir.resolve("binlog_test.log"));
        assertThat(text).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\] Probe - hello from slf4j")
                .contains("BinaryLogClient - hello from jul")
                .doesNotContain("too detailed");
    }

    @Test
    void withoutALogDirectoryOnlyTheBridgeIsInstalled() {
        LogSetup.init("binlog_test", null);
        assertThat(org.slf4j.bridge.SLF4JBridgeHandler.isInstalled()).isTrue();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("FILE")).isNull();
    }
}
