package io.mysql2gp.miner;


import io.mysql2gp.common.cli.CommandLine;
import io.mysql2gp.common.cli.DaemonLifecycle;
import io.mysql2gp.common.cli.LogSetup;
import io.mysql2gp.common.cli.ShutdownHook;
import io.mysql2gp.common.cli.Usage;
import io.mysql2gp.common.config.ConfigException;
import io.mysql2gp.common.config.Daemon;
import io.mysql2gp.common.config.MinerSettings;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.SourceConfig;
import io.mysql2gp.common.config.TableListWatcher;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.common.retry.Backoff;
import io.mysql2gp.common.status.StatusCommand;
import io.mysql2gp.miner.source.BinlogReader;
import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binlog_miner}: streams the row changes of the listed tables of one MySQL database into
 * the staging PostgreSQL database. Exit codes: 0 stopped normally, 2 bad command line or
 * configuration, 3 fatal problem with the source or staging (message logged), 4 another miner
 * holds the staging database.
 */
public final class Main {
    public static final int EXIT_CONFIG = 2;
    private static final Usage USAGE = new Usage("binlog_miner",
            "Streams MySQL/MariaDB row changes of the tables in loader_table_list into the staging PostgreSQL"
                    + " database ([local.pgsql]).",
            new LinkedHashMap<>(java.util.Map.of("status", StatusCommand.DESCRIPTION)));

    private Main() {}

    public static void main(String[] args) {
        ShutdownHook hook = ShutdownHook.install("binlog_miner"); // first: SIGTERM at any moment from here exits 0
        hook.exit(run(args, hook));
    }

    static int run(String[] args, ShutdownHook hook) {
        CommandLine cl;
        try {
            cl = CommandLine.forMain(USAGE, args);
        } catch (CommandLine.Exit e) {
            return e.code;
        }
        if (cl.command() != null) {
            hook.release();
        }
        LogSetup.init("binlog_miner", null);
        Logger log = LoggerFactory.getLogger("binlog_miner");
        MyCnf cnf;
        TableListWatcher tables;
        try {
            cnf = MyCnf.load(cl.config(), Daemon.MINER);
            if ("status".equals(cl.command())) {
                return StatusCommand.run("binlog_miner", cnf, cl.args(), System.out, System.err);
            }
            tables = new TableListWatcher(cnf.loader().tableList(), cnf.source().db());
        } catch (ConfigException e) {
            for (String p : e.problems()) {
                log.error("config: {}", p);
            }
            return EXIT_CONFIG;
        }
        if (!DaemonLifecycle.announce("binlog_miner", cnf, cnf.miner().logDir(), "binlogminer",
                cnf.miner().metricsPort())) {
            return EXIT_CONFIG;
        }
        tables.currentList().warnings().forEach(w -> log.warn("table list: {}", w));
        log.info("table list {}: {} table(s) of {}: {}", cnf.loader().tableList(), tables.current().size(),
                cnf.source().db(), tables.current().stream().map(io.mysql2gp.common.model.TableId::quoted).toList());
        MinerDaemon daemon = buildDaemon(cnf, tables);
        return DaemonLifecycle.run("binlog_miner", daemon, cnf.miner().pidFile(), hook);
    }

    static MinerDaemon buildDaemon(MyCnf cnf, TableListWatcher tables) {
        SourceConfig s = cnf.source();
        MinerSettings m = cnf.miner();
        SourceEndpoint ep = new SourceEndpoint(s.host(), s.port(), s.user(), s.password().reveal(), s.db(),
                s.sslMode().configName(), s.sslCa() == null ? null : s.sslCa().toString());
        SourceConnections connections = new SourceConnections(ep, Duration.ofSeconds(10));
        BinlogReader.Endpoint replica = new BinlogReader.Endpoint(ep, s.serverId(), m.heartbeat().toMillis(), 10_000);
        BinlogPosition first = s.binlogFile() == null ? null
                : new BinlogPosition(s.binlogFile(), Math.max(4, s.binlogOffset()), null);
        MinerOptions opts = new MinerOptions(replica, s.db(), first, m.batchRows(), m.flushInterval().toMillis(),
                m.heartbeat().toMillis(), 8192, 10_000);
        MinerWiring wiring = new MinerWiring(cnf.staging().connect(), connections, s.db(), s.serverId(), tables,
                m.retentionWarnFiles());
        return new MinerDaemon(opts, wiring, Backoff.standard("miner"));
    }
}
