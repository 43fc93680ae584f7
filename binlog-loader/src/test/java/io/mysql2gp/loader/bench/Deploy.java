package io.mysql2gp.loader.bench;

import io.mysql2gp.testsupport.DaemonProcess;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.PgServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;

/** The benchmark's deployment: my.cnf with the shipped defaults, the table list, and progress polling. */
final class Deploy {
    final Path dir;
    final Path config;
    private final PgServer pg;
    private final Connection staging;
    private final Connection target;

    private Deploy(Path dir, PgServer pg) throws SQLException {
        this.dir = dir;
        this.config = dir.resolve("my.cnf");
        this.pg = pg;
        this.staging = pg.connect("bench_stg");
        this.target = pg.connect("bench_tgt");
    }

    static Deploy create(MysqlServer mysql, PgServer pg, String binlogFile) throws Exception {
        Deploy d = new Deploy(Files.createTempDirectory("mysql2gp-bench-"), pg);
        Files.writeString(d.config, String.join("\n",
                "[src.mysql]",
                "host = \"" + mysql.host() + "\"",
                "port = \"" + mysql.port() + "\"",
                "user = \"" + mysql.rootUser() + "\"",
                "password = \"" + mysql.rootPassword() + "\"",
                "db = \"" + BenchSource.DB + "\"",
                "encodingdir = \"share\"",
                "encoding = \"utf8\"",
                "binlogfile = \"" + binlogFile + "\"",
                "",
                "[local.pgsql]",
                "connect_string = \"" + pg.connectString("bench_stg") + "\"",
                "",
                "[desc.pgsql]",
                "connect_string = \"" + pg.connectString("bench_tgt") + "\"",
                "target_schema = \"public\"",
                "",
                "[binlogloader]",
                "loader_table_list = \"loader_table_list.txt\"",
                ""), StandardCharsets.UTF_8);
        Files.writeString(d.dir.resolve("loader_table_list.txt"), String.join("\n", BenchSource.TABLES) + "\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(d.config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return d;
    }

    /**
     * The deployment the single-daemon benchmarks share: databases bench_stg and bench_tgt, the source
     * tables with {@code rows} inserts into t then {@code rows} updates on {@link PipelineBench#HOT_KEYS}
     * keys in binlog files of their own, and my.cnf starting at the first of them.
     */
    static Deploy withInsertsThenHotUpdates(MysqlServer mysql, PgServer pg, long rows) throws Exception {
        pg.createDatabase("bench_stg");
        pg.createDatabase("bench_tgt");
        BenchSource source = new BenchSource(mysql);
        source.createTables();
        String startFile = source.rotate();
        source.insert("t", 1, rows, false);
        source.updateHot(rows, PipelineBench.HOT_KEYS);
        source.rotate();
        Deploy dep = create(mysql, pg, startFile);
        PipelineBench.log("deployment: %s", dep.dir);
        return dep;
    }

    /** Creates the target tables with the SQL {@code binlog_loader ddl} prints. */
    void createTargetTables() throws Exception {
        Path out = dir.resolve("ddl.sql");
        int code = DaemonProcess.run(DaemonProcess.LOADER, config, out, 120, "ddl", "--flavor", "postgresql");
        String sql = Files.readString(out);
        if (code != 0) {
            throw new AssertionError("binlog_loader ddl exited " + code + ":\n" + sql);
        }
        try (Statement st = target.createStatement()) {
            st.execute(sql);
        }
    }

    DaemonProcess startMiner() throws Exception {
        return start(DaemonProcess.MINER, "miner");
    }

    DaemonProcess startLoader() throws Exception {
        return start(DaemonProcess.LOADER, "loader");
    }

    /** The loader with these JVM options (after the defaults) instead of {@code bench.jvmOptions}. */
    DaemonProcess startLoader(List<String> jvmOptions) throws Exception {
        return DaemonProcess.start(DaemonProcess.LOADER, jvmOptions, config, dir.resolve("loader.log"));
    }

    private DaemonProcess start(String mainClass, String name) throws Exception {
        if (Boolean.getBoolean("bench.debug")) {
            // DEBUG lines of the daemons' own packages (e.g. the loader's per-batch line)
            Path xml = dir.resolve("logback-debug.xml");
            Files.writeString(xml, "<configuration><include resource=\"mysql2gp-logback-common.xml\"/>"
                    + "<logger name=\"io.mysql2gp\" level=\"DEBUG\"/><root level=\"INFO\">"
                    + "<appender-ref ref=\"CONSOLE\"/></root></configuration>");
            return DaemonProcess.start(mainClass, List.of("-Dlogback.configurationFile=" + xml), config,
                    dir.resolve(name + ".log"));
        }
        String extra = System.getProperty("bench.jvmOptions", "").trim();
        if (!extra.isEmpty()) {
            return DaemonProcess.start(mainClass, List.of(extra.split(" +")), config, dir.resolve(name + ".log"));
        }
        if (!Boolean.getBoolean("bench.jfr")) {
            return DaemonProcess.start(mainClass, List.of(), config, dir.resolve(name + ".log"));
        }
        Path jfr = dir.resolve(name + "-" + (++starts) + ".jfr");
        DaemonProcess p = DaemonProcess.start(mainClass, List.of("-XX:StartFlightRecording=settings=profile" + System.getProperty("bench.jfrOptions", "")), config,
                dir.resolve(name + ".log"));
        recordings.put(p.pid(), jfr);
        return p;
    }

    private int starts;
    private final java.util.Map<Long, Path> recordings = new java.util.HashMap<>();

    /**
     * SIGTERM and wait; returns the exit code. A flight recording is dumped first with {@code jcmd}
     * (the daemons' shutdown hook halts the JVM before JFR's own dump-on-exit runs).
     */
    int stop(DaemonProcess daemon) throws Exception {
        String asprof = System.getProperty("bench.asprof", "");
        if (!asprof.isBlank()) {
            // an async-profiler started by -agentpath (bench.variants): its output, before the hook halts the JVM
            Path out = dir.resolve("profile-" + daemon.pid() + ".collapsed");
            new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", asprof,
                    "profiler", "stop", "-o", "collapsed", "-f", out.toString(), Long.toString(daemon.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        Path jfr = recordings.remove(daemon.pid());
        if (jfr != null) {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            new ProcessBuilder(jcmd.toString(), Long.toString(daemon.pid()), "JFR.dump", "filename=" + jfr)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        }
        return daemon.terminate(120);
    }


    long minerSeq() {
        return value(staging, "SELECT last_seq FROM mysql2gp.miner_state");
    }

    long appliedSeq() {
        return value(target, "SELECT applied_seq FROM mysql2gp.loader_checkpoint");
    }

    private static long value(Connection c, String sql) {
        try {
            c.setAutoCommit(true);
            return PipelineBench.queryLong(c, sql);
        } catch (SQLException e) {
            return -1; // not created yet
        }
    }

    static final String MINER_READY = "miner: streaming from";
    static final String LOADER_READY = "loader: target is";

    /**
     * Waits until {@code daemon} logs {@code readyLine} (start-up done), then polls {@code progress} every
     * 50 ms until it reaches {@code goal}; returns rows per second from the ready line to the goal.
     */
    double awaitProgress(LongSupplier progress, long goal, DaemonProcess daemon, String readyLine) throws Exception {
        daemon.awaitLog(readyLine, 120_000);
        long startNanos = System.nanoTime();
        long startValue = Math.max(0, progress.getAsLong());
        long end = awaitProgress(progress, goal, daemon);
        return (goal - startValue) * 1e9 / (end - startNanos);
    }

    /** Polls {@code progress} every 50 ms until it reaches {@code goal}; returns the System.nanoTime() it did. */
    long awaitProgress(LongSupplier progress, long goal, DaemonProcess daemon) throws Exception {
        long deadline = System.currentTimeMillis() + PipelineBench.TIMEOUT_MS;
        while (true) {
            long v = progress.getAsLong();
            long now = System.nanoTime();
            if (v >= goal) {
                return now;
            }
            if (!daemon.isAlive()) {
                throw new AssertionError("daemon exited before reaching " + goal + "; log:\n" + daemon.ownOutput());
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no progress to " + goal + " (at " + v + ") in time; log:\n" + daemon.ownOutput());
            }
            Thread.sleep(50);
        }
    }

    long[] targetCountAndSum(String table) throws SQLException {
        try (Statement st = target.createStatement();
                var rs = st.executeQuery("SELECT count(*), coalesce(sum(a), 0) FROM public." + table)) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    PgServer pg() {
        return pg;
    }
}
