package io.mysql2gp.loader;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mysql2gp.common.cli.CommandLine;
import io.mysql2gp.common.cli.CommandLineException;
import io.mysql2gp.common.cli.LogSetup;
import io.mysql2gp.common.cli.Usage;
import io.mysql2gp.common.cli.Version;
import io.mysql2gp.common.config.ConfigException;
import io.mysql2gp.common.config.Daemon;
import io.mysql2gp.common.config.LoaderSettings;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.PgConnectConfig;
import io.mysql2gp.common.config.TableListWatcher;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.retry.Backoff;
import io.mysql2gp.loader.apply.ApplyOptions;
import io.mysql2gp.loader.apply.Dialect;
import io.mysql2gp.loader.apply.ZeroDate;
import io.mysql2gp.loader.control.DdlCommand;
import io.mysql2gp.loader.run.LoaderDaemon;
import io.mysql2gp.loader.run.LoaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binlog_loader}: applies what binlog_miner staged to the target PostgreSQL/Greenplum
 * tables. Exit codes: 0 stopped normally, 2 bad command line or configuration, 3 fatal problem,
 * 4 another loader holds the staging database.
 */
public final class Main {
    public static final int EXIT_CONFIG = 2;
    static final int RUNNING_UNTIL_SIGNAL = -1;

    private static Usage usage() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("ddl", "[--flavor postgresql|greenplum] [--tables a,b]: print CREATE TABLE statements for the"
                + " listed tables from the source's schema");
        return new Usage("binlog_loader", "Applies the changes binlog_miner staged ([local.pgsql]) to the target"
                + " tables ([desc.pgsql]), merged per primary key, in batches of whole source transactions.", commands);
    }

    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        if (code != RUNNING_UNTIL_SIGNAL) {
            System.exit(code);
        }
    }

    static int run(String[] args) {
        Usage usage = usage();
        CommandLine cl;
        try {
            cl = CommandLine.parse(usage, args);
        } catch (CommandLineException e) {
            System.err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        if (cl.help()) {
            System.out.println(usage.text());
            return 0;
        }
        if (cl.version()) {
            System.out.println("binlog_loader " + Version.current());
            return 0;
        }
        if (cl.command() != null && !cl.command().equals("ddl")) {
            System.err.println("binlog_loader: unknown command '" + cl.command() + "'\n" + usage.text());
            return EXIT_CONFIG;
        }
        LogSetup.init("binlog_loader", null);
        Logger log = LoggerFactory.getLogger("binlog_loader");
        MyCnf cnf;
        try {
            cnf = MyCnf.load(cl.config(), Daemon.LOADER);
        } catch (ConfigException e) {
            e.problems().forEach(p -> log.error("config: {}", p));
            return EXIT_CONFIG;
        }
        if ("ddl".equals(cl.command())) {
            // stdout carries the SQL: keep library chatter out of it
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
                ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.ERROR);
            }
            return DdlCommand.run(cnf, cl.args(), System.out, System.err);
        }
        String db = cnf.source() == null ? null : cnf.source().db();
        TableListWatcher tables;
        try {
            tables = new TableListWatcher(cnf.loader().tableList(), db == null ? "" : db);
        } catch (ConfigException e) {
            e.problems().forEach(p -> log.error("config: {}", p));
            return EXIT_CONFIG;
        }
        if (cnf.loader().logDir() != null) {
            LogSetup.init("binlog_loader", cnf.loader().logDir());
        }
        log.info("binlog_loader {} starting (pid {}), config {}", Version.current(), ProcessHandle.current().pid(),
                cnf.file().toAbsolutePath());
        cnf.warnings().forEach(w -> log.warn("config: {}", w));
        cnf.describe().forEach(line -> log.info("config: {}", line));
        log.info("table list {}: {} table(s): {}", cnf.loader().tableList(), tables.current().size(), tables.current());

        HikariDataSource targetPool = targetPool(cnf.target().connect(), cnf.loader().poolSize());
        LoaderDaemon daemon = new LoaderDaemon(options(cnf),
                wiring(cnf.staging().connect(), cnf.target().connect(), targetPool, tables, db),
                Backoff.standard("loader"));
        writePidFile(cnf.loader().pidFile(), log);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger exit = new AtomicInteger();
        Thread hook = new Thread(() -> {
            log.info("binlog_loader: SIGTERM received; finishing or rolling back the current batch");
            daemon.requestStop();
            try {
                if (!done.await(90, TimeUnit.SECONDS)) {
                    log.warn("binlog_loader: did not stop within 90 s; exiting anyway");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
                ctx.stop();
            }
            Runtime.getRuntime().halt(exit.get());
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = daemon.run();
        } catch (LoaderDaemon.FatalException e) {
            log.error("{}", e.getMessage());
            code = e.exitCode;
        } catch (RuntimeException e) {
            log.error("binlog_loader: unexpected failure", e);
            code = 1;
        } finally {
            targetPool.close();
        }
        exit.set(code);
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return RUNNING_UNTIL_SIGNAL;
        }
        if (cnf.loader().pidFile() != null) {
            try {
                Files.deleteIfExists(cnf.loader().pidFile());
            } catch (IOException ignored) {
                // best effort
            }
        }
        return code;
    }

    static LoaderOptions options(MyCnf cnf) {
        LoaderSettings l = cnf.loader();
        Dialect.Kind forced = switch (l.dialect()) {
            case AUTO -> null;
            case POSTGRESQL -> Dialect.Kind.POSTGRESQL;
            case GREENPLUM -> Dialect.Kind.GREENPLUM;
        };
        ZeroDate zero = l.zeroDate() == LoaderSettings.ZeroDate.NULL ? ZeroDate.NULL : ZeroDate.NEGATIVE_INFINITY;
        return new LoaderOptions(cnf.staging().connect().identity(), cnf.target().targetSchema(), forced,
                new ApplyOptions(zero), l.loadBatch(), l.loadBatchGap().toMillis(), l.maxBatchRows(), l.maxBatchBytes(),
                20_000, l.pauseRetry().toMillis(), 10_000);
    }

    static HikariDataSource targetPool(PgConnectConfig target, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("target");
        hc.setJdbcUrl(target.jdbcUrl());
        Properties p = target.jdbcProperties();
        p.setProperty("ApplicationName", "binlog_loader pid " + ProcessHandle.current().pid());
        hc.setDataSourceProperties(p);
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(0);
        hc.setAutoCommit(false);
        hc.setInitializationFailTimeout(-1);
        hc.setConnectionTimeout(15_000);
        return new HikariDataSource(hc);
    }

    /**
     * Connections for the daemon. A failed connection names the database (never the password). The
     * first target connection is made directly rather than through the pool, so that an unreachable
     * target at start fails at once with the driver's own reason instead of the pool's timeout.
     */
    static LoaderDaemon.Wiring wiring(PgConnectConfig staging, PgConnectConfig targetConfig, HikariDataSource target,
            TableListWatcher tables, String db) {
        Logger log = LoggerFactory.getLogger(LoaderDaemon.class);
        return new LoaderDaemon.Wiring() {
            private boolean targetReached;

            @Override
            public Connection openStaging() throws SQLException {
                try {
                    return direct(staging);
                } catch (SQLException e) {
                    throw named("[local.pgsql]", staging, e);
                }
            }

            @Override
            public Connection openTarget() throws SQLException {
                try {
                    if (!targetReached) {
                        direct(targetConfig).close();
                        targetReached = true;
                    }
                    return target.getConnection();
                } catch (SQLException e) {
                    throw named("[desc.pgsql]", targetConfig, e);
                }
            }

            @Override
            public Predicate<String> listed() {
                return table -> {
                    for (TableId t : tables.current()) {
                        if (t.table().equals(table) && (db == null || t.db().equals(db) || t.db().isEmpty())) {
                            return true;
                        }
                    }
                    return false;
                };
            }

            @Override
            public void tick() {
                tables.poll().ifPresent(change -> log.info("table list: {}", change));
            }
        };
    }

    static Connection direct(PgConnectConfig config) throws SQLException {
        Properties p = config.jdbcProperties();
        p.setProperty("ApplicationName", "binlog_loader pid " + ProcessHandle.current().pid());
        p.putIfAbsent("connectTimeout", "10");
        p.putIfAbsent("tcpKeepAlive", "true");
        return DriverManager.getConnection(config.jdbcUrl(), p);
    }

    /** {@code e} with the database it failed on ({@code host:port/dbname} and the my.cnf section) in front. */
    static SQLException named(String section, PgConnectConfig config, SQLException e) {
        return new SQLException(config.identity() + " (" + section + " connect_string): " + e.getMessage(),
                e.getSQLState(), e);
    }

    private static void writePidFile(Path pidFile, Logger log) {
        if (pidFile != null) {
            try {
                Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
            } catch (IOException e) {
                log.warn("cannot write pid file {}: {}", pidFile, e.getMessage());
            }
        }
    }
}
