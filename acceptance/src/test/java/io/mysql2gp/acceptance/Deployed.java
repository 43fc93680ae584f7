package io.mysql2gp.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One task as a user deploys it: a folder with my.cnf and loader_table_list.txt, run with the
 * launchers {@code ./binlog_miner --config my.cnf} and {@code ./binlog_loader --config my.cnf} of
 * the source checkout. {@link #variant} copies the folder with an edited my.cnf for one bad-input case.
 */
final class Deployed {
    static final Path HOME = Path.of(System.getProperty("mysql2gp.home", "..")).toAbsolutePath().normalize();
    static final Path MINER = HOME.resolve("binlog_miner");
    static final Path LOADER = HOME.resolve("binlog_loader");

    final Path dir;
    final Path config;
    final Path tableList;

    Deployed(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("my.cnf");
        this.tableList = dir.resolve("loader_table_list.txt");
    }

    /** Writes my.cnf (source user and password given) and the table list into a new temp folder. */
    static Deployed create(MysqlServer mysql, String user, String password, String db, PgServer pg, String stagingDb,
            String targetDb, String pgPassword, String binlogFile, List<String> tables) throws IOException {
        Deployed d = new Deployed(Files.createTempDirectory("mysql2gp-catalogue-"));
        d.write(String.join("\n",
                "# written by BadInputCatalogueIT",
                "[src.mysql]",
                "host = \"" + mysql.host() + "\"",
                "port = \"" + mysql.port() + "\"",
                "user = \"" + user + "\"",
                "password = \"" + password + "\"",
                "db = \"" + db + "\"",
                "binlogfile = \"" + binlogFile + "\"",
                "",
                "[local.pgsql]",
                "connect_string = \"" + pg.connectString(stagingDb) + " password=" + pgPassword + "\"",
                "",
                "[desc.pgsql]",
                "connect_string = \"" + pg.connectString(targetDb) + " password=" + pgPassword + "\"",
                "target_schema = \"public\"",
                "",
                "[binlogloader]",
                "loader_table_list = \"loader_table_list.txt\"",
                "load_batch_gap = \"1\"",
                "pause_retry_seconds = \"1\"",
                "",
                "[binlogminer]",
                "flush_interval_ms = \"100\"",
                "heartbeat_seconds = \"1\"",
                ""), tables);
        return d;
    }

    void write(String cnf, List<String> tables) throws IOException {
        Files.writeString(config, cnf, StandardCharsets.UTF_8);
        Files.writeString(tableList, String.join("\n", tables) + "\n", StandardCharsets.UTF_8);
    }

    String cnf() throws IOException {
        return Files.readString(config, StandardCharsets.UTF_8);
    }

    /** A sibling folder {@code name} with this my.cnf after {@code edit} and the same table list. */
    Deployed variant(String name, java.util.function.UnaryOperator<String> edit) throws IOException {
        Deployed v = new Deployed(Files.createDirectories(dir.resolve(name)));
        String text = cnf();
        String edited = edit.apply(text);
        Files.writeString(v.config, edited, StandardCharsets.UTF_8);
        Files.copy(tableList, v.tableList);
        return v;
    }

    /** Starts {@code launcher --config my.cnf} in this folder; output goes to {@code <log>}. */
    DaemonProcess start(Path launcher, String log, String... args) throws IOException {
        return DaemonProcess.launch(launcher, config, dir.resolve(log), args);
    }

    /** Runs {@code launcher --config my.cnf} to its end. */
    Outcome run(Path launcher, String... args) throws Exception {
        String log = launcher.getFileName() + ".out";
        try (DaemonProcess p = start(launcher, log, args)) {
            int code = p.awaitExit(120);
            return new Outcome(code, p.ownOutput());
        }
    }

    /** What a launcher run printed and its exit code. */
    record Outcome(int exitCode, String output) {
        List<String> errorLines() {
            return output.lines().filter(l -> l.contains(" ERROR ")).toList();
        }

        List<String> errorsAbout(String name) {
            return errorLines().stream().filter(l -> l.contains(name)).toList();
        }

        List<String> warningsAbout(String name) {
            return output.lines().filter(l -> l.contains(" WARN ") && l.contains(name)).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", output:\n" + output;
        }
    }

    /** The rows staged, the miner's position, the loader's checkpoint and the target rows, as text. */
    static List<String> snapshot(PgServer pg, String stagingDb, String targetDb, List<String> targetTables)
            throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection s = pg.connect(stagingDb); Statement st = s.createStatement()) {
            out.add(one(st, "SELECT binlog_file || ':' || binlog_pos || ' seq ' || last_seq FROM mysql2gp.miner_state"));
            out.add("staged " + one(st, "SELECT coalesce(sum(n), 0) || ' max seq ' || coalesce(max(seq), 0)"
                    + " FROM mysql2gp.change_blocks"));
        }
        try (Connection t = pg.connect(targetDb); Statement st = t.createStatement()) {
            out.add("applied " + one(st, "SELECT string_agg(applied_seq::text, ',') FROM mysql2gp.loader_checkpoint"));
            out.add("paused " + one(st, "SELECT string_agg(tbl, ',' ORDER BY tbl) FROM mysql2gp.loader_paused"));
            for (String table : targetTables) {
                out.add(table + ": " + one(st, "SELECT count(*) || ' rows, ' || coalesce(md5(string_agg(x::text, ','"
                        + " ORDER BY x::text)), '') FROM public.\"" + table.replace("\"", "\"\"") + "\" x"));
            }
        }
        return out;
    }

    private static String one(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
