package io.mysql2gp.common.status;

import io.mysql2gp.common.cli.CommandArgs;

import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.PgConnectConfig;
import io.mysql2gp.common.config.SourceConfig;
import io.mysql2gp.common.config.TableList;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.sql.PgConnections;
import io.mysql2gp.common.status.StatusFacts.Part;
import io.mysql2gp.common.status.StatusFacts.SourceFacts;
import io.mysql2gp.common.status.StatusFacts.StagingFacts;
import io.mysql2gp.common.status.StatusFacts.TargetFacts;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code binlog_miner status} and {@code binlog_loader status [--json] [--max-heartbeat-age S]
 * [--max-lag S] [--max-lag-bytes N]}: prints where the miner and loader are and whether they are
 * healthy. Exit codes: 0 healthy, 1 unhealthy (see {@link HealthRules}), 2 bad arguments or
 * configuration, 3 a configured database cannot be read.
 */
public final class StatusCommand {
    static final String USAGE = "usage: %s status [--json] [--max-heartbeat-age SECONDS] [--max-lag SECONDS]"
            + " [--max-lag-bytes BYTES]";
    /** The one-line description for a daemon's usage text. */
    public static final String DESCRIPTION = "[--json] [--max-heartbeat-age S] [--max-lag S]: where the miner and"
            + " loader are, backlog, lag, paused tables; exit 0 healthy, 1 unhealthy, 3 a database unreachable";

    private StatusCommand() {}

    /** Parsed arguments. */
    record Options(boolean json, HealthRules.Thresholds thresholds) {
        static Options parse(List<String> args) {
            CommandArgs a = CommandArgs.parse(args, Set.of("--max-heartbeat-age", "--max-lag", "--max-lag-bytes"),
                    Set.of("--json"));
            HealthRules.Thresholds t = HealthRules.Thresholds.DEFAULTS;
            return new Options(a.has("--json"), new HealthRules.Thresholds(
                    a.number("--max-heartbeat-age", t.maxHeartbeatSeconds(), 0),
                    a.number("--max-lag", t.maxLagSeconds(), 0),
                    a.number("--max-lag-bytes", t.maxLagBytes(), 0)));
        }
    }

    /** Runs the command for {@code program} (binlog_miner or binlog_loader) and returns the exit code. */
    public static int run(String program, MyCnf cnf, List<String> args, PrintStream out, PrintStream err) {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(program + " status: " + e.getMessage());
            err.println(String.format(USAGE, program));
            return HealthRules.USAGE;
        }
        quietLogs();
        String name = program + " status";
        Part<TargetFacts> target = cnf.target() == null ? Part.notConfigured() : target(cnf, name);
        Long applied = target.read() ? (target.value().checkpoint() == null ? 0L
                : target.value().checkpoint().appliedSeq()) : null;
        List<StatusFacts.Paused> paused = target.read() ? target.value().paused() : List.of();
        Part<StagingFacts> staging = staging(cnf.staging().connect(), applied, paused, name);
        Part<SourceFacts> source = cnf.source() == null ? Part.notConfigured() : source(cnf.source());
        StatusFacts facts = new StatusFacts(Instant.now(), staging, target, source, tables(cnf, err, program));
        StatusReport report = StatusReport.of(facts, opts.thresholds());
        out.print(opts.json() ? report.json() + "\n" : report.text());
        out.flush();
        return report.health().exitCode();
    }

    private static Part<TargetFacts> target(MyCnf cnf, String name) {
        PgConnectConfig t = cnf.target().connect();
        try (Connection c = PgConnections.open(t, name)) {
            return Part.ok(StatusProbe.target(c, cnf.staging().connect().identity()));
        } catch (SQLException e) {
            return Part.failed(t.describe() + ": " + e.getMessage());
        }
    }

    private static Part<StagingFacts> staging(PgConnectConfig s, Long applied, List<StatusFacts.Paused> paused,
            String name) {
        try (Connection c = PgConnections.open(s, name)) {
            return Part.ok(StatusProbe.staging(c, applied, paused));
        } catch (SQLException e) {
            return Part.failed(s.describe() + ": " + e.getMessage());
        }
    }

    private static Part<SourceFacts> source(SourceConfig s) {
        SourceEndpoint ep = new SourceEndpoint(s.host(), s.port(), s.user(), s.password().reveal(), s.db(),
                s.sslMode().configName().toUpperCase(Locale.ROOT), s.sslCa() == null ? null : s.sslCa().toString());
        SourceConnections connections = new SourceConnections(ep, Duration.ofSeconds(10));
        try (Connection c = connections.open(null)) {
            return Part.ok(StatusProbe.source(c));
        } catch (SourceException e) {
            return Part.failed(e.getMessage());
        } catch (SQLException e) {
            return Part.failed(SourceConnections.failure(ep, "reading the binlog position", e).getMessage());
        }
    }

    private static List<String> tables(MyCnf cnf, PrintStream err, String program) {
        if (cnf.loader() == null) {
            return List.of();
        }
        String db = cnf.source() == null ? null : cnf.source().db();
        try {
            List<String> names = new ArrayList<>();
            for (TableId t : TableList.load(cnf.loader().tableList(), db == null ? "" : db).tables()) {
                if (db == null || t.db().isEmpty() || t.db().equals(db)) {
                    names.add(t.table());
                }
            }
            return names;
        } catch (RuntimeException e) {
            err.println(program + " status: warning: cannot read the table list: " + e.getMessage());
            return List.of();
        }
    }

    /** stdout carries the report (maybe JSON): keep library chatter out of it. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
