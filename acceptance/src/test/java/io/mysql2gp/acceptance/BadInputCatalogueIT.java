package io.mysql2gp.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mysql2gp.acceptance.Deployed.Outcome;
import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestServers;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue (docs/BAD-INPUT.md): every case runs the launchers as users do, after a
 * good run has staged and applied data, and checks the exit code, the one line that names what is
 * wrong and where, that no password is printed, and that nothing staged or applied is lost.
 */
class BadInputCatalogueIT {
    static final String DB = "cat_src";
    static final String STAGING = "cat_stg";
    static final String TARGET = "cat_tgt";
    static final String USER = "cat_repl";
    static final String PASSWORD = "Cat-Repl-S3cret-71";
    static final String PG_PASSWORD = "Pg-S3cret-93";
    static final String INJECTED = "t; DROP TABLE x";
    static final String QUOTED = "we\"ird 'name";
    /** Listed, but a table of this name exists nowhere: only named, quoted, in a warning. */
    static final String INJECTED_MISSING = "x\"; DROP TABLE x; --";
    static final List<String> LISTED = List.of("t", "nokey", "badtype", "notarget", "missing_src",
            INJECTED, "`" + QUOTED + "`", INJECTED_MISSING);
    static final List<String> TARGET_TABLES = List.of("t", "x", INJECTED, QUOTED);

    static MysqlServer mysql;
    static PgServer pg;
    static Deployed base;
    static String firstBinlog;
    static Outcome goodMiner;
    static Outcome goodLoader;

    @BeforeAll
    static void aGoodRunStagesAndAppliesFirst() throws Exception {
        mysql = TestServers.mysql();
        pg = TestServers.postgres();
        firstBinlog = Servers.currentBinlogFile(mysql);
        mysql.execute(null, "DROP DATABASE IF EXISTS " + DB, "CREATE DATABASE " + DB,
                "CREATE OR REPLACE USER " + USER + "@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO " + USER + "@'%'",
                "GRANT SELECT ON " + DB + ".* TO " + USER + "@'%'");
        mysql.execute(DB, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE x (id INT PRIMARY KEY)",
                "CREATE TABLE nokey (a INT, v VARCHAR(20))",
                "CREATE TABLE badtype (id INT PRIMARY KEY, d VARCHAR(20))",
                "CREATE TABLE notarget (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE `" + INJECTED + "` (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE `" + QUOTED + "` (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO x VALUES (1)");
        for (String db : List.of(STAGING, TARGET, "cat_fresh")) {
            dropDatabase(db);
            pg.createDatabase(db);
        }
        target("CREATE TABLE t (id int PRIMARY KEY, v varchar(20))",
                "CREATE TABLE x (id int PRIMARY KEY)", "INSERT INTO x VALUES (1)",
                "CREATE TABLE nokey (a int, v varchar(20))",
                "CREATE TABLE badtype (id int PRIMARY KEY, d date)", // the source has VARCHAR: incompatible
                "CREATE TABLE \"" + INJECTED + "\" (id int PRIMARY KEY, v varchar(20))",
                "CREATE TABLE \"" + QUOTED.replace("\"", "\"\"") + "\" (id int PRIMARY KEY, v varchar(20))");
        base = Deployed.create(mysql, USER, PASSWORD, DB, pg, STAGING, TARGET, PG_PASSWORD, firstBinlog, LISTED);

        try (DaemonProcess miner = base.start(Deployed.MINER, "good-miner.log");
                DaemonProcess loader = base.start(Deployed.LOADER, "good-loader.log")) {
            write(1, 3);
            awaitPaused(loader, List.of("badtype", "nokey", "notarget"));
            write(4, 6); // the other tables keep flowing while three are paused
            awaitRows(loader, "t", 6);
            awaitRows(loader, INJECTED, 6);
            awaitRows(loader, QUOTED, 6);
            assertThat(loader.isAlive()).as("loader alive with paused tables").isTrue();
            assertThat(loader.terminate(60)).as("loader exit code on SIGTERM").isZero();
            assertThat(miner.terminate(60)).as("miner exit code on SIGTERM").isZero();
            goodMiner = new Outcome(0, miner.ownOutput());
            goodLoader = new Outcome(0, loader.ownOutput());
        }
    }

    @AfterAll
    static void noSecretInAnyOutputThenCleanUp() throws Exception {
        try (Stream<Path> files = Files.walk(base.dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out")).toList()) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(PASSWORD, PG_PASSWORD);
            }
        }
        try (Stream<Path> files = Files.walk(base.dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    // --- cases that need no server: exit 2, one line naming file, section and key --------------------------------

    static Stream<Arguments> configurationErrors() {
        return Stream.of(
                bad("my.cnf missing", "miner", null, 2, "my.cnf", "does not exist"),
                bad("my.cnf is a directory (unreadable)", "loader", null, 2, "my.cnf", "is a directory"),
                bad("section [src.mysql] missing", "miner", c -> c.replace("[src.mysql]", "[src.mysq]"), 2,
                        "[src.mysql]", "missing section"),
                bad("section [desc.pgsql] missing", "loader", c -> c.replace("[desc.pgsql]", "[desc.pgsq]"), 2,
                        "[desc.pgsql]", "missing section"),
                bad("key [src.mysql] host missing", "miner", c -> c.replaceFirst("host = .*\n", ""), 2,
                        "[src.mysql] host"),
                bad("key [local.pgsql] connect_string missing", "loader",
                        c -> c.replaceFirst("\\[local.pgsql]\nconnect_string = .*\n", "[local.pgsql]\n"), 2,
                        "[local.pgsql] connect_string"),
                bad("port not a number", "miner", c -> c.replaceFirst("port = \"\\d+\"", "port = \"abc\""), 2,
                        "[src.mysql] port", "\"abc\""),
                bad("load_batch not a number", "loader", c -> c.replace("load_batch_gap = \"1\"",
                        "load_batch_gap = \"1\"\nload_batch = \"ten\""), 2, "[binlogloader] load_batch", "\"ten\""),
                bad("serverid out of range", "miner", c -> c.replace("binlogfile", "serverid = \"0\"\nbinlogfile"),
                        2, "[src.mysql] serverid", "\"0\""),
                bad("unbalanced quote in [src.mysql] db", "miner", c -> c.replace("db = \"" + DB + "\"", "db = \"" + DB),
                        2, "[src.mysql] db", "quote"),
                bad("unbalanced quote in [desc.pgsql] target_schema", "loader",
                        c -> c.replace("target_schema = \"public\"", "target_schema = \"public"), 2,
                        "[desc.pgsql] target_schema", "quote"),
                bad("connect_string with an unknown keyword", "loader",
                        c -> c.replaceFirst("(\\[desc.pgsql]\nconnect_string = \")host=", "$1hots="), 2,
                        "[desc.pgsql] connect_string", "hots"),
                bad("table list file missing", "miner", c -> c.replace("loader_table_list.txt", "no_such_list.txt"),
                        2, "no_such_list.txt", "does not exist"),
                bad("table list empty", "loader", c -> c.replace("loader_table_list.txt", "empty_list.txt"), 2,
                        "empty_list.txt", "names no table"),
                bad("table list line with an unterminated quote", "miner",
                        c -> c.replace("loader_table_list.txt", "broken_list.txt"), 2, "broken_list.txt:2",
                        "unterminated"));
    }

    static Arguments bad(String name, String program, UnaryOperator<String> edit, int exit, String... mentions) {
        return Arguments.of(name, program, edit, exit, mentions);
    }

    @ParameterizedTest(name = "{0}: {1} exits {3}")
    @MethodSource("configurationErrors")
    void aConfigurationErrorExits2WithOneLineNamingIt(String name, String program, UnaryOperator<String> edit,
            int exit, String[] mentions) throws Exception {
        Deployed d = base.variant(slug(name), edit == null ? c -> c : edit);
        Files.writeString(d.dir.resolve("empty_list.txt"), "# nothing yet\n\n");
        Files.writeString(d.dir.resolve("broken_list.txt"), "t\n`nokey\n");
        if (name.startsWith("my.cnf missing")) {
            Files.delete(d.config);
        } else if (name.startsWith("my.cnf is a directory")) {
            Files.delete(d.config);
            Files.createDirectory(d.config);
        }
        assertCase(d, program, exit, mentions);
    }

    @Test
    void anUnknownOptionOrCommandExits2NamingItAboveTheUsage() throws Exception {
        Outcome option = base.variant("unknown-option", c -> c).run(Deployed.MINER, "--confg", "my.cnf");
        assertThat(option.exitCode()).as("%s", option).isEqualTo(2);
        assertThat(option.output().lines().findFirst()).hasValue("unknown option \"--confg\"");
        assertThat(option.output()).contains("Usage: binlog_miner");
        Outcome command = base.variant("unknown-command", c -> c).run(Deployed.LOADER, "stauts");
        assertThat(command.exitCode()).as("%s", command).isEqualTo(2);
        assertThat(command.output().lines().findFirst()).hasValue("unknown command \"stauts\"; commands: ddl, status,"
                + " verify");
    }

    // --- fatal problems with the source, staging or target: exit 3 -----------------------------------------------

    static Stream<Arguments> fatalProblems() throws Exception {
        int closed = closedPort();
        return Stream.of(
                bad("wrong MySQL password", "miner", c -> c.replace(PASSWORD, "Wrong-S3cret-55"), 3,
                        "cannot connect to source 127.0.0.1:" + mysql.port() + " as user '" + USER + "'",
                        "Access denied"),
                bad("MySQL unreachable", "miner", c -> c.replaceFirst("port = \"\\d+\"", "port = \"" + closed + "\""),
                        3, "source 127.0.0.1:" + closed),
                bad("staging unreachable (miner)", "miner", c -> c.replace("port=" + pg.port() + " dbname=" + STAGING,
                        "port=" + closed + " dbname=" + STAGING), 3, "127.0.0.1:" + closed + "/" + STAGING,
                        "[local.pgsql]"),
                bad("staging unreachable (loader)", "loader", c -> c.replace("port=" + pg.port() + " dbname=" + STAGING,
                        "port=" + closed + " dbname=" + STAGING), 3, "127.0.0.1:" + closed + "/" + STAGING,
                        "[local.pgsql]"),
                bad("target unreachable", "loader", c -> c.replace("port=" + pg.port() + " dbname=" + TARGET,
                        "port=" + closed + " dbname=" + TARGET), 3, "127.0.0.1:" + closed + "/" + TARGET,
                        "[desc.pgsql]"),
                bad("staging database missing", "miner", c -> c.replace("dbname=" + STAGING, "dbname=no_such_stg"), 3,
                        "127.0.0.1:" + pg.port() + "/no_such_stg ([local.pgsql] connect_string)",
                        "database \"no_such_stg\" does not exist"),
                bad("target database missing", "loader", c -> c.replace("dbname=" + TARGET, "dbname=no_such_tgt"), 3,
                        "127.0.0.1:" + pg.port() + "/no_such_tgt ([desc.pgsql] connect_string)",
                        "database \"no_such_tgt\" does not exist"),
                bad("target_schema missing", "loader", c -> c.replace("target_schema = \"public\"",
                        "target_schema = \"no_such_schema\""), 3, "[desc.pgsql] target_schema", "\"no_such_schema\"",
                        "does not exist"),
                bad("source database missing", "miner", c -> c.replace("db = \"" + DB + "\"", "db = \"no_such_db\""),
                        3, "database 'no_such_db' does not exist", "[src.mysql] db"),
                bad("user without REPLICATION SLAVE", "miner", c -> c.replace("user = \"" + USER + "\"",
                        "user = \"cat_weak\""), 3, "'cat_weak'@'%' lacks REPLICATION SLAVE",
                        "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO 'cat_weak'@'%'"),
                bad("duplicate server id (the source's own)", "miner", c -> c.replace("binlogfile",
                        "serverid = \"" + sourceServerId() + "\"\nbinlogfile"), 3,
                        "server id " + sourceServerId() + " equals the server_id of source", "set [src.mysql] serverid"));
    }

    @ParameterizedTest(name = "{0}: {1} exits {3}")
    @MethodSource("fatalProblems")
    void aFatalProblemExits3WithOneLineNamingIt(String name, String program, UnaryOperator<String> edit, int exit,
            String[] mentions) throws Exception {
        mysql.execute(null, "CREATE OR REPLACE USER cat_weak@'%' IDENTIFIED BY '" + PASSWORD + "'",
                "GRANT SELECT ON " + DB + ".* TO cat_weak@'%'");
        Outcome o = assertCase(base.variant(slug(name), edit), program, exit, mentions);
        assertThat(o.output()).doesNotContain("Wrong-S3cret-55");
    }

    // --- the first start, on an empty staging database ----------------------------------------------------------

    static Stream<Arguments> firstStartProblems() {
        return Stream.of(
                bad("binlogfile does not exist", "miner", c -> c.replace(firstBinlog, "binlog.999999"), 3,
                        "[src.mysql] binlogfile 'binlog.999999' does not exist on source"),
                bad("binlogfile not set", "miner", c -> c.replaceFirst("binlogfile = .*\n", ""), 3,
                        "[src.mysql] binlogfile: required on the first start"),
                bad("binlogfile_offset beyond the file", "miner", c -> c.replace("binlogfile",
                        "binlogfile_offset = \"999999999\"\nbinlogfile"), 3,
                        "[src.mysql] binlogfile_offset 999999999 is beyond the end of '" + firstBinlog + "'"));
    }

    @ParameterizedTest(name = "{0}: {1} exits {3}")
    @MethodSource("firstStartProblems")
    void aBadStartingPositionExits3NamingIt(String name, String program, UnaryOperator<String> edit, int exit,
            String[] mentions) throws Exception {
        Deployed d = base.variant(slug(name), c -> edit.apply(c.replace("dbname=" + STAGING, "dbname=cat_fresh")));
        assertCase(d, program, exit, mentions);
        try (Connection c = pg.connect("cat_fresh"); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'miner_state'"
                        + " AND schemaname = 'mysql2gp'")) {
            rs.next();
            if (rs.getInt(1) > 0) {
                assertThat(Servers.minerPosition(c)).as("position recorded by a refused first start").isNull();
            }
        }
    }

    // --- a source server that cannot be read row by row: exit 3 naming the variable ----------------------------

    @Test
    void aSourceServerWithoutFullRowImagesIsRefusedNamingTheVariable() throws Exception {
        try (MysqlServer other = TestServers.newMysql("--binlog-format=STATEMENT")) {
            other.execute(null, "CREATE DATABASE " + DB,
                    "CREATE USER " + USER + "@'%' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO " + USER + "@'%'",
                    "GRANT SELECT ON " + DB + ".* TO " + USER + "@'%'");
            String at = "source 127.0.0.1:" + other.port();
            String[][] settings = {
                {"binlog_format=STATEMENT", "binlog_format is STATEMENT on " + at, "binlog_format=ROW"},
                {"binlog_row_image=MINIMAL", "binlog_row_image is MINIMAL on " + at, "binlog_row_image=FULL"},
                {"log_bin_compress=ON", "log_bin_compress is ON on " + at, "log_bin_compress=OFF"},
            };
            for (String[] setting : settings) {
                if (!setting[0].startsWith("binlog_format")) {
                    other.execute(null, "SET GLOBAL binlog_format=ROW", "SET GLOBAL binlog_row_image=FULL",
                            "SET GLOBAL log_bin_compress=OFF", "SET GLOBAL " + setting[0]);
                }
                Deployed d = base.variant(slug(setting[0]), c -> c
                        .replaceFirst("port = \"\\d+\"", "port = \"" + other.port() + "\"")
                        .replace(firstBinlog, currentBinlog(other))
                        .replace("dbname=" + STAGING, "dbname=cat_fresh"));
                assertCase(d, "miner", 3, setting[1], setting[2]);
            }
        }
    }

    // --- a second copy of a daemon on the same staging database: exit 4, the first keeps working --------------

    @Test
    void aSecondMinerOrLoaderExits4WhileTheFirstKeepsWorkingAndNothingIsLost() throws Exception {
        try (DaemonProcess miner = base.start(Deployed.MINER, "lease-miner.log");
                DaemonProcess loader = base.start(Deployed.LOADER, "lease-loader.log")) {
            miner.awaitLog("miner: streaming from", 60_000);
            loader.awaitLog("target is", 60_000);
            Outcome second = base.variant("second-miner", c -> c).run(Deployed.MINER);
            assertThat(second.exitCode()).as("%s", second).isEqualTo(4);
            assertThat(second.errorLines()).singleElement().asString()
                    .contains("another binlog_miner is already working on staging database \"" + STAGING + "\"");
            second = base.variant("second-loader", c -> c).run(Deployed.LOADER);
            assertThat(second.exitCode()).as("%s", second).isEqualTo(4);
            assertThat(second.errorLines()).singleElement().asString()
                    .contains("another binlog_loader is already working on staging database \"" + STAGING + "\"");

            // everything staged and applied before the bad cases is still there, and new rows follow it
            long before = rows("t");
            write((int) before + 1, (int) before + 2);
            awaitRows(loader, "t", before + 2);
            awaitRows(loader, INJECTED, before + 2);
            assertThat(miner.isAlive() && loader.isAlive()).isTrue();
            assertThat(loader.terminate(60)).isZero();
            assertThat(miner.terminate(60)).isZero();
            assertThat(new Outcome(0, loader.ownOutput()).errorLines()).as("loader ERROR lines").isEmpty();
        }
    }

    @Test
    void twoMinersOfDifferentTasksWithOneServerIdAreToldInsteadOfDisconnectingEachOtherForever() throws Exception {
        for (String db : List.of("cat_a", "cat_b")) {
            dropDatabase(db);
            pg.createDatabase(db);
        }
        String binlog = currentBinlog(mysql);
        Deployed a = base.variant("server-id-a", c -> task(c, "cat_a", binlog));
        Deployed b = base.variant("server-id-b", c -> task(c, "cat_b", binlog));
        try (DaemonProcess first = a.start(Deployed.MINER, "binlog_miner.out")) {
            first.awaitLog("miner: streaming from", 60_000);
            try (DaemonProcess second = b.start(Deployed.MINER, "binlog_miner.out")) {
                second.awaitLog("miner: streaming from", 60_000);
                Outcome kicked = new Outcome(first.awaitExit(60), first.ownOutput());
                assertThat(kicked.exitCode()).as("%s", kicked).isEqualTo(3);
                assertThat(kicked.errorLines()).singleElement().asString().contains("source 127.0.0.1:" + mysql.port(),
                        "another replica connected with the same server id 4242", "set [src.mysql] serverid");
                assertThat(second.isAlive()).isTrue();
                assertThat(second.terminate(60)).isZero();
            }
        }
    }

    /** my.cnf of another task: its own staging database, starting now, with server id 4242. */
    private static String task(String cnf, String stagingDb, String binlog) {
        return cnf.replace("dbname=" + STAGING, "dbname=" + stagingDb).replace(firstBinlog, binlog)
                .replace("binlogfile", "serverid = \"4242\"\nbinlogfile");
    }

    // --- problems with one table: the loader keeps running and pauses that table, naming it -----------------

    @Test
    void aTableMissingOnTheTargetIsPausedNamingIt() {
        assertThat(goodLoader.errorsAbout("\"notarget\"")).singleElement().asString()
                .contains("paused", "target table public.notarget does not exist", "its changes are kept");
    }

    @Test
    void aTableWithoutPrimaryKeyIsNamedByTheMinerAndPausedByTheLoader() {
        assertThat(goodMiner.warningsAbout("nokey"))
                .singleElement().asString().contains("source table \"cat_src\".\"nokey\" has no primary key");
        assertThat(goodLoader.errorsAbout("\"nokey\"")).singleElement().asString()
                .contains("paused", "source table cat_src.nokey has no primary key", "its changes are kept");
    }

    @Test
    void aTargetColumnOfAnIncompatibleTypeIsPausedNamingTableColumnAndRow() {
        assertThat(goodLoader.errorsAbout("\"badtype\"")).singleElement().asString()
                .contains("paused", "public.badtype, column \"d\" (date, from source varchar(20))",
                        "in the row with key id='1'");
    }

    @Test
    void aListedTableMissingOnTheSourceIsNamedAndTheMinerKeepsRunning() {
        assertThat(goodMiner.warningsAbout("missing_src"))
                .singleElement().asString().contains("loader_table_list.txt", "\"cat_src\".\"missing_src\"",
                        "does not exist on the source");
        assertThat(goodMiner.errorLines()).as("miner ERROR lines").isEmpty();
    }

    @Test
    void tableNamesWithSqlQuotesOrSpacesAreDataNeverSql() throws Exception {
        assertThat(rows("x")).as("target table x, which the name \"" + INJECTED + "\" would drop").isEqualTo(1);
        try (Connection c = mysql.connect(DB); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM x")) {
            rs.next();
            assertThat(rs.getLong(1)).as("source table x").isEqualTo(1);
        }
        assertThat(rows(INJECTED)).as("rows of the table named " + INJECTED).isGreaterThanOrEqualTo(6);
        assertThat(rows(QUOTED)).as("rows of the table named " + QUOTED).isGreaterThanOrEqualTo(6);
        assertThat(goodLoader.output()).contains("\"cat_src\".\"t; DROP TABLE x\"",
                "\"cat_src\".\"we\"\"ird 'name\"");
        assertThat(goodMiner.warningsAbout("DROP TABLE"))
                .singleElement().asString()
                .contains("table \"cat_src\".\"x\"\"; DROP TABLE x; --\" does not exist on the source");
    }

    /** Asserts exit code, exactly one ERROR line holding {@code mentions}, and that nothing staged or applied changed. */
    static Outcome assertCase(Deployed d, String program, int exit, String... mentions) throws Exception {
        List<String> before = snapshot();
        Outcome o = d.run("miner".equals(program) ? Deployed.MINER : Deployed.LOADER);
        assertThat(o.exitCode()).as("exit code; %s", o).isEqualTo(exit);
        assertThat(o.errorLines()).as("ERROR lines; %s", o).hasSize(1);
        assertThat(o.errorLines().get(0)).as("the ERROR line").contains(mentions);
        assertThat(o.output()).as("output").doesNotContain(PASSWORD, PG_PASSWORD).doesNotContain("\tat ");
        assertThat(snapshot()).as("staged and applied data after the case").isEqualTo(before);
        return o;
    }

    static List<String> snapshot() throws Exception {
        return Deployed.snapshot(pg, STAGING, TARGET, TARGET_TABLES);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    static void write(int from, int to) {
        for (int id = from; id <= to; id++) {
            for (String table : List.of("t", "notarget", INJECTED, QUOTED)) {
                mysql.execute(DB, "INSERT INTO `" + table + "` VALUES (" + id + ", 'v" + id + "')");
            }
            mysql.execute(DB, "INSERT INTO nokey VALUES (" + id + ", 'v" + id + "')",
                    "INSERT INTO badtype VALUES (" + id + ", 'not a date " + id + "')");
        }
    }

    static void target(String... sql) throws Exception {
        try (Connection c = pg.connect(TARGET); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static void dropDatabase(String db) throws Exception {
        try (Connection c = pg.connect("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    static long rows(String table) throws Exception {
        try (Connection c = pg.connect(TARGET); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM public.\"" + table.replace("\"", "\"\"") + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static List<String> paused() throws Exception {
        try (Connection c = pg.connect(TARGET); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT tbl FROM mysql2gp.loader_paused ORDER BY tbl")) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (java.sql.SQLException notYet) {
            return List.of();
        }
    }

    static void awaitPaused(DaemonProcess loader, List<String> tables) throws Exception {
        await(loader, "paused " + tables, () -> paused().containsAll(tables));
    }

    static void awaitRows(DaemonProcess loader, String table, long n) throws Exception {
        await(loader, n + " rows in " + table, () -> {
            try {
                return rows(table) == n;
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(DaemonProcess p, String what, Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!check.ok()) {
            if (!p.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("no " + what + "; log:\n" + p.ownOutput());
            }
            Thread.sleep(100);
        }
    }

    static String currentBinlog(MysqlServer server) {
        try {
            return Servers.currentBinlogFile(server);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    static long sourceServerId() {
        try (Connection c = mysql.connect(null); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT @@server_id")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String slug(String name) {
        return name.replaceAll("[^A-Za-z0-9]+", "-");
    }
}
