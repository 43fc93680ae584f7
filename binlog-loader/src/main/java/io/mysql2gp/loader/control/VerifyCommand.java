package io.mysql2gp.loader.control;

import io.mysql2gp.common.cli.CommandArgs;

import io.mysql2gp.common.config.ConfigException;
import io.mysql2gp.common.config.LoaderSettings;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.SourceConfig;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.common.source.InformationSchema;
import io.mysql2gp.common.source.MissingTableException;
import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.sql.PgConnections;
import io.mysql2gp.loader.verify.RowDiff;
import io.mysql2gp.loader.verify.SyncProgress;
import io.mysql2gp.loader.verify.SyncProgressReader;
import io.mysql2gp.loader.verify.TablePlanner;
import io.mysql2gp.loader.verify.TableResult;
import io.mysql2gp.loader.verify.TableVerifier;
import io.mysql2gp.loader.verify.VerifyReport;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code binlog_loader verify [--tables a,b] [--chunk N]}: compares the listed source tables with
 * their target tables by row counts and per-chunk checksums computed in SQL on both sides, prints
 * the differing key ranges and rows, and tells differences the sync has not yet applied ("behind")
 * from real ones. Exit codes: 0 all equal (or only behind), 1 some rows different or tables not
 * comparable, 2 bad arguments or configuration, 3 a database unreachable or failing.
 */
public final class VerifyCommand {
    public static final int EXIT_EQUAL = 0;
    public static final int EXIT_DIFFERENT = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CONNECTION = 3;
    static final String NAME = "binlog_loader verify";
    static final String USAGE = "usage: binlog_loader verify [--tables t1,t2] [--chunk N]";
    static final int DEFAULT_CHUNK = 10_000;
    /** Differing rows re-read once at the end (a change applied meanwhile is no difference); beyond: kept as found. */
    static final int MAX_RECHECK = 1_000;

    private VerifyCommand() {}

    public static int run(MyCnf cnf, List<String> args, PrintStream out, PrintStream err) {
        Options opts;
        SourceConfig src;
        List<TableId> tables;
        try {
            opts = Options.parse(args);
            src = cnf.requireSource(NAME);
            if (cnf.target() == null) {
                throw new ConfigException(cnf.file() + ": [desc.pgsql]: missing section (" + NAME + " needs it)");
            }
            tables = DdlCommand.tables(cnf, src.db(), opts.tables(), err, NAME, "verifying it anyway");
        } catch (IllegalArgumentException e) {
            err.println(NAME + ": " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        } catch (ConfigException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        LoaderSettings.ZeroDate zeroDate = cnf.loader().zeroDate();
        String schema = cnf.target().targetSchema();
        SourceConnections connections = new SourceConnections(DdlCommand.endpoint(src), Duration.ofSeconds(10));
        String where = "source " + connections.endpoint().address();
        try (Connection mysql = connections.open()) {
            where = "target " + cnf.target().connect().identity();
            try (Connection pg = PgConnections.open(cnf.target().connect(), NAME)) {
                where = "staging " + (cnf.staging() == null ? "" : cnf.staging().connect().identity());
                try (Connection staging = cnf.staging() == null ? null : PgConnections.open(cnf.staging().connect(), NAME)) {
                    where = "source or target";
                    prepareSessions(mysql, pg);
                    return compare(mysql, pg, staging, cnf, src.db(), schema, zeroDate, tables, opts.chunk(), out, err);
                }
            }
        } catch (SourceException e) {
            err.println(NAME + ": " + e.getMessage());
            return EXIT_CONNECTION;
        } catch (SQLException e) {
            if ("source or target".equals(where)) {
                where = e.getClass().getName().startsWith("com.mysql") ? "source " + connections.endpoint().address()
                        : "target " + cnf.target().connect().identity();
            }
            err.println(NAME + ": " + where + ": " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")");
            return EXIT_CONNECTION;
        }
    }

    private static int compare(Connection mysql, Connection pg, Connection staging, MyCnf cnf, String db, String schema,
            LoaderSettings.ZeroDate zeroDate, List<TableId> tables, int chunk, PrintStream out, PrintStream err)
            throws SQLException {
        TableVerifier verifier = new TableVerifier(mysql, pg, zeroDate, chunk);
        List<TableResult> results = new ArrayList<>();
        for (TableId id : tables) {
            TableSchema schemaOf;
            try {
                schemaOf = InformationSchema.loadTable(mysql, id.db(), id.table());
            } catch (MissingTableException e) {
                results.add(TableResult.notCompared(id.toString(), "table is missing on the source"));
                continue;
            }
            TablePlanner.Planned planned = TablePlanner.plan(schemaOf, DdlCommand.dataTypes(mysql, id), pg, schema);
            results.add(planned.plan() == null ? TableResult.notCompared(id.toString(), planned.problem())
                    : verifier.verify(planned.plan()));
        }
        results = recheck(verifier, results);
        List<String> differing = results.stream().filter(r -> r.plan() != null && !r.equal())
                .map(r -> r.plan().source().table()).toList();
        SyncProgress progress;
        try {
            progress = staging == null ? null : SyncProgressReader.read(mysql, staging, pg,
                    cnf.staging().connect().identity(), differing);
        } catch (SQLException e) {
            throw new SQLException("reading the sync's progress (staging " + cnf.staging().connect().identity()
                    + ", checkpoint in the target): " + e.getMessage(), e.getSQLState(), e);
        }
        if (staging == null) {
            err.println(NAME + ": note: no [local.pgsql] section: cannot tell differences the sync has not applied yet");
        }
        int equal = 0;
        int different = 0;
        int behindOnly = 0;
        int problems = 0;
        long differentRows = 0;
        long behindRows = 0;
        for (TableResult r : results) {
            long[] counts = VerifyReport.printTable(out, r, progress);
            differentRows += counts[0];
            behindRows += counts[1];
            if (r.problem() != null) {
                problems++;
            } else if (r.equal()) {
                equal++;
            } else if (counts[0] > 0 || counts[1] == 0) {
                different++;
            } else {
                behindOnly++;
            }
        }
        VerifyReport.printSummary(out, new VerifyReport.Totals(equal, different, behindOnly, problems, differentRows,
                behindRows), progress, chunk);
        out.flush();
        return different + problems == 0 ? EXIT_EQUAL : EXIT_DIFFERENT;
    }

    /** Reads each differing row once more on both sides: rows the sync made equal meanwhile are dropped. */
    private static List<TableResult> recheck(TableVerifier verifier, List<TableResult> results) throws SQLException {
        List<TableResult> out = new ArrayList<>();
        int budget = MAX_RECHECK;
        for (TableResult r : results) {
            if (r.plan() == null || r.rows().isEmpty()) {
                out.add(r);
                continue;
            }
            List<RowDiff> still = new ArrayList<>();
            for (RowDiff d : r.rows()) {
                if (budget-- <= 0) {
                    still.add(d);
                    continue;
                }
                RowDiff now = verifier.recheck(r.plan(), d);
                if (now != null) {
                    still.add(now);
                }
            }
            out.add(new TableResult(r.plan(), r.name(), r.sourceRows(), r.targetRows(), r.chunks(), r.ranges(), still,
                    r.unlisted(), null));
        }
        return out;
    }

    /** Both sessions render times in UTC; MySQL accepts zero dates in comparisons; PostgreSQL prints floats exactly. */
    static void prepareSessions(Connection mysql, Connection pg) throws SQLException {
        mysql.setAutoCommit(true);
        pg.setAutoCommit(true);
        try (Statement st = mysql.createStatement()) {
            st.execute("SET SESSION time_zone = '+00:00'");
            st.execute("SET SESSION sql_mode = ''");
        }
        try (Statement st = pg.createStatement()) {
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("SET extra_float_digits = 3");
            st.execute("SET DateStyle = 'ISO, YMD'");
            st.execute("SET IntervalStyle = 'postgres'");
        }
    }

    /** The parsed command line. */
    record Options(List<String> tables, int chunk) {
        static Options parse(List<String> args) {
            CommandArgs a = CommandArgs.parse(args, Set.of("--tables", "--chunk"), Set.of());
            return new Options(a.list("--tables"), (int) a.number("--chunk", DEFAULT_CHUNK, 1));
        }
    }
}
