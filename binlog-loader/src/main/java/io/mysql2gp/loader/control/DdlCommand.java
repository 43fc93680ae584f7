package io.mysql2gp.loader.control;

import io.mysql2gp.common.cli.CommandArgs;

import io.mysql2gp.common.config.ConfigException;
import io.mysql2gp.common.config.LoaderSettings;
import io.mysql2gp.common.config.MyCnf;
import io.mysql2gp.common.config.SourceConfig;
import io.mysql2gp.common.config.TableList;
import io.mysql2gp.common.model.TableId;
import io.mysql2gp.common.source.InformationSchema;
import io.mysql2gp.common.source.MissingTableException;
import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;
import io.mysql2gp.common.schema.TableSchema;
import io.mysql2gp.loader.control.CreateTableSql.Flavor;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;

/**
 * {@code binlog_loader ddl [--flavor postgresql|greenplum] [--tables a,b]}: prints a CREATE TABLE
 * script for the listed source tables on stdout. Exit codes: 0 every table printed, 1 some tables
 * missing on the source (the others printed), 2 bad arguments or configuration, 3 source unreachable
 * or failing.
 */
public final class DdlCommand {
    public static final int EXIT_OK = 0;
    public static final int EXIT_MISSING_TABLES = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_SOURCE = 3;
    static final String USAGE = "usage: binlog_loader ddl [--flavor postgresql|greenplum] [--tables t1,t2]";

    private DdlCommand() {
    }

    /** Runs the command with the current time in the header. */
    public static int run(MyCnf cnf, List<String> args, PrintStream out, PrintStream err) {
        return run(cnf, args, out, err, Clock.systemUTC());
    }

    static int run(MyCnf cnf, List<String> args, PrintStream out, PrintStream err, Clock clock) {
        Options opts;
        SourceConfig src;
        List<TableId> tables;
        try {
            opts = Options.parse(args, defaultFlavor(cnf));
            src = cnf.requireSource("binlog_loader ddl");
            tables = tables(cnf, src.db(), opts.tables(), err);
        } catch (IllegalArgumentException e) {
            err.println("binlog_loader ddl: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        } catch (ConfigException e) {
            err.println("binlog_loader ddl: " + e.getMessage());
            return EXIT_USAGE;
        }
        String schema = cnf.target() == null ? "public" : cnf.target().targetSchema();
        LoaderSettings.ZeroDate zeroDate = cnf.loader() == null ? LoaderSettings.ZeroDate.NULL : cnf.loader().zeroDate();
        SourceConnections connections = new SourceConnections(endpoint(src), Duration.ofSeconds(10));
        List<TableId> missing = new ArrayList<>();
        try (Connection c = connections.open()) {
            StringBuilder script = new StringBuilder(CreateTableSql.header(connections.endpoint().address(), src.db(),
                    schema, opts.flavor(), clock.instant().truncatedTo(ChronoUnit.SECONDS)));
            for (TableId id : tables) {
                try {
                    TableSchema t = InformationSchema.loadTable(c, id.db(), id.table());
                    script.append(CreateTableSql.createTable(t, dataTypes(c, id), schema, opts.flavor(), zeroDate));
                } catch (MissingTableException e) {
                    err.println("binlog_loader ddl: table " + id + " is missing on source "
                            + connections.endpoint().address() + " (or user '" + src.user()
                            + "' may not see it); no CREATE TABLE printed for it");
                    missing.add(id);
                }
            }
            out.print(script);
            out.flush();
        } catch (SourceException e) {
            err.println("binlog_loader ddl: " + e.getMessage());
            return EXIT_SOURCE;
        } catch (SQLException e) {
            err.println("binlog_loader ddl: " + SourceConnections.failure(connections.endpoint(),
                    "reading information_schema", e).getMessage());
            return EXIT_SOURCE;
        }
        if (!missing.isEmpty()) {
            err.println("binlog_loader ddl: " + missing.size() + " of " + tables.size() + " tables missing on the source: "
                    + String.join(", ", missing.stream().map(TableId::toString).toList()));
            return EXIT_MISSING_TABLES;
        }
        return EXIT_OK;
    }

    /** The tables of loader_table_list in the source db, or the {@code --tables} names (in the source db). */
    private static List<TableId> tables(MyCnf cnf, String db, List<String> only, PrintStream err) {
        return tables(cnf, db, only, err, "binlog_loader ddl", "printing it anyway");
    }

    /** The same for any subcommand: {@code command} prefixes messages, {@code anyway} ends the not-listed note. */
    static List<TableId> tables(MyCnf cnf, String db, List<String> only, PrintStream err, String command, String anyway) {
        if (cnf.loader() == null) {
            throw new ConfigException(cnf.file() + ": [" + LoaderSettings.SECTION + "]: missing section"
                    + " (" + command + " reads loader_table_list from it)");
        }
        TableList list = TableList.load(cnf.loader().tableList(), db);
        list.warnings().forEach(w -> err.println(command + ": warning: " + w));
        List<TableId> listed = list.tables().stream().filter(t -> t.db().equals(db)).toList();
        if (only.isEmpty()) {
            return listed;
        }
        List<TableId> chosen = new ArrayList<>();
        for (String name : only) {
            TableId id = new TableId(db, name);
            if (!listed.contains(id)) {
                err.println(command + ": note: table " + id + " is not in " + list.file() + "; " + anyway);
            }
            chosen.add(id);
        }
        return chosen;
    }

    private static Flavor defaultFlavor(MyCnf cnf) {
        return cnf.loader() != null && cnf.loader().dialect() == LoaderSettings.Dialect.GREENPLUM
                ? Flavor.GREENPLUM : Flavor.POSTGRESQL;
    }

    static SourceEndpoint endpoint(SourceConfig s) {
        return new SourceEndpoint(s.host(), s.port(), s.user(), s.password().reveal(), s.db(),
                s.sslMode().configName().toLowerCase(Locale.ROOT), s.sslCa() == null ? null : s.sslCa().toString());
    }

    /** information_schema DATA_TYPE by column name: tells MariaDB's uuid/inet4/inet6 from plain binary. */
    static Map<String, String> dataTypes(Connection c, TableId id) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            ps.setString(1, id.db());
            ps.setString(2, id.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return types;
    }

    /** The parsed command line. */
    record Options(Flavor flavor, List<String> tables) {
        static Options parse(List<String> args, Flavor defaultFlavor) {
            CommandArgs a = CommandArgs.parse(args, Set.of("--flavor", "--tables"), Set.of());
            Flavor flavor = defaultFlavor;
            if (a.has("--flavor")) {
                String value = a.get("--flavor", "");
                flavor = switch (value.trim().toLowerCase(Locale.ROOT)) {
                    case "postgresql" -> Flavor.POSTGRESQL;
                    case "greenplum" -> Flavor.GREENPLUM;
                    default -> throw new IllegalArgumentException("--flavor '" + value + "' is not postgresql or greenplum");
                };
            }
            return new Options(flavor, a.list("--tables"));
        }
    }
}
