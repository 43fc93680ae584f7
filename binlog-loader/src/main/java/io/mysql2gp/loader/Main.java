package io.mysql2gp.loader;


import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.mysql2gp.common.cli.CommandLine;
import io.mysql2gp.common.cli.DaemonLifecycle;
import io.mysql2gp.common.cli.LogSetup;
import io.mysql2gp.common.cli.ShutdownHook;
import io.mysql2gp.common.cli.Usage;
import io.mysql2gp.common.config.ConfigException;
import io.mysql2gp.common.config.Daemon;
import io.mysql2gp.common.config.LoaderSettings;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.PgConnectConfig;
import io.mysql2gp.common.config.TableListWatcher;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.retry.Backoff;
import io.mysql2gp.common.sql.PgConnections;
import io.mysql2gp.common.status.StatusCommand;
import io.mysql2gp.loader.apply.ApplyOptions;
import io.mysql2gp.loader.apply.Dialect;
import io.mysql2gp.loader.control.DdlCommand;
import io.mysql2gp.loader.control.VerifyCommand;
import io.mysql2gp.loader.run.LoaderDaemon;
import io.mysql2gp.loader.run.LoaderOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static Usage usage() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("ddl", "[--flavor postgresql|greenplum] [--tables a,b]: print CREATE TABLE statements for the"
                + " listed tables from the source's schema");
        commands.put("status", StatusCommand.DESCRIPTION);
        commands.put("verify", "[--tables a,b] [--chunk N]: compare the listed source and target tables (counts and"
                + " checksums per chunk of N keys); exit 0 equal or only behind, 1 different");
        return new Usage("binlog_loader", "Applies the changes binlog_miner staged ([local.pgsql]) to the target"
                + " tables ([desc.pgsql]), merged per primary key, in batches of whole source transactions.", commands);
    }

    private Main() {}

    public static void main(String[] args) {
        ShutdownHook hook = ShutdownHook.install("binlog_loader"); // first: SIGTERM at any moment from here exits 0
        hook.exit(run(args, hook));
    }

    static int run(String[] args, ShutdownHook hook) {
        Usage usage = usage();
        CommandLine cl;
        try {
            cl = CommandLine.forMain(usage, args);
        } catch (CommandLine.Exit e) {
            return e.code;
        }
        if (cl.command() != null) {
            hook.release();
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
        if ("ddl".equals(cl.command()) || "verify".equals(cl.command())) {
            // stdout carries the SQL or the report: keep library chatter out of it
            if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
                ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.ERROR);
            }
            return "ddl".equals(cl.command()) ? DdlCommand.run(cnf, cl.args(), System.out, System.err)
                    : VerifyCommand.run(cnf, cl.args(), System.out, System.err);
        }
        if ("status".equals(cl.command())) {
            return StatusCommand.run("binlog_loader", cnf, cl.args(), System.out, System.err);
        }
        String db = cnf.source() == null ? null : cnf.source().db();
        TableListWatcher tables;
        try {
            tables = new TableListWatcher(cnf.loader().tableList(), db == null ? "" : db);
        } catch (ConfigException e) {
            e.problems().forEach(p -> log.error("config: {}", p));
            return EXIT_CONFIG;
        }
        if (!DaemonLifecycle.announce("binlog_loader", cnf, cnf.loader().logDir(), "binlogloader",
                cnf.loader().metricsPort())) {
            return EXIT_CONFIG;
        }
        log.info("table list {}: {} table(s): {}", cnf.loader().tableList(), tables.current().size(),
                tables.current().stream().map(TableId::quoted).toList());
        HikariDataSource targetPool = targetPool(cnf.target().connect(), cnf.loader().poolSize());
        LoaderDaemon daemon = new LoaderDaemon(options(cnf),
                wiring(cnf.staging().connect(), cnf.target().connect(), targetPool, tables, db),
                Backoff.standard("loader"));
        try {
            return DaemonLifecycle.run("binlog_loader", daemon, cnf.loader().pidFile(), hook);
        } finally {
            targetPool.close();
        }
    }

    static LoaderOptions options(MyCnf cnf) {
        LoaderSettings l = cnf.loader();
        Dialect.Kind forced = switch (l.dialect()) {
            case AUTO -> null;
            case POSTGRESQL -> Dialect.Kind.POSTGRESQL;
            case GREENPLUM -> Dialect.Kind.GREENPLUM;
        };
        return new LoaderOptions(cnf.staging().connect().identity(), cnf.target().targetSchema(), forced,
                new ApplyOptions(l.zeroDate()), l.loadBatch(), l.loadBatchGap().toMillis(), l.maxBatchRows(), l.maxBatchBytes(),
                10_000, l.pauseRetry().toMillis(), 10_000);
    }

    static HikariDataSource targetPool(PgConnectConfig target, int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("target");
        hc.setJdbcUrl(target.jdbcUrl());
        hc.setDataSourceProperties(PgConnections.properties(target, "binlog_loader"));
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
                    return PgConnections.open(staging, "binlog_loader");
                } catch (SQLException e) {
                    throw named("[local.pgsql]", staging, e);
                }
            }

            @Override
            public Connection openTarget() throws SQLException {
                try {
                    if (!targetReached) {
                        PgConnections.open(targetConfig, "binlog_loader").close();
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

    /** {@code e} with the database it failed on ({@code host:port/dbname} and the my.cnf section) in front. */
    static SQLException named(String section, PgConnectConfig config, SQLException e) {
        return new SQLException(config.identity() + " (" + section + " connect_string): " + e.getMessage(),
                e.getSQLState(), e);
    }
}
