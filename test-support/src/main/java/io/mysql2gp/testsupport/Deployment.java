package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A deployment directory as users make it: my.cnf and loader_table_list.txt in one folder. */
public final class Deployment {
    public final Path dir;
    public final Path config;
    public final Path tableList;
    public final Path log;
    public final Path loaderLog;

    private Deployment(Path dir) {
        this.dir = dir;
        this.config = dir.resolve("my.cnf");
        this.tableList = dir.resolve("loader_table_list.txt");
        this.log = dir.resolve("miner.log");
        this.loaderLog = dir.resolve("loader.log");
    }

    /**
     * Writes my.cnf for {@code db} on {@code mysql} (user/password given), staging database
     * {@code stagingDb} on {@code pg}, starting at {@code binlogFile}, and the table list.
     */
    public static Deployment create(MysqlServer mysql, String user, String password, String db, PgServer pg,
            String stagingDb, String binlogFile, List<String> tables) throws IOException {
        return create(mysql, user, password, db, pg, stagingDb, stagingDb, binlogFile, tables, "");
    }

    /**
     * As {@link #create(MysqlServer, String, String, String, PgServer, String, String, List)} with the
     * target database {@code targetDb} on the same server, and extra {@code [binlogloader]} lines.
     */
    public static Deployment create(MysqlServer mysql, String user, String password, String db, PgServer pg,
            String stagingDb, String targetDb, String binlogFile, List<String> tables, String loaderLines)
            throws IOException {
        Deployment d = new Deployment(tempDir());
        d.writeConfig(String.join("\n",
                "[src.mysql]",
                "host = \"" + mysql.host() + "\"",
                "port = \"" + mysql.port() + "\"",
                "user = \"" + user + "\"",
                "password = \"" + password + "\"",
                "db = \"" + db + "\"",
                "encodingdir = \"share\"",
                "encoding = \"utf8\"",
                binlogFile == null ? "" : "binlogfile = \"" + binlogFile + "\"",
                "",
                "[local.pgsql]",
                "connect_string = \"" + pg.connectString(stagingDb) + "\"",
                "",
                "[desc.pgsql]",
                "connect_string = \"" + pg.connectString(targetDb) + "\"",
                "target_schema = \"public\"",
                "",
                "[binlogloader]",
                "loader_table_list = \"loader_table_list.txt\"",
                "load_batch = \"10\"",
                "load_batch_gap = \"1\"",
                loaderLines,
                "",
                "[binlogminer]",
                "flush_interval_ms = \"100\"",
                "heartbeat_seconds = \"1\"",
                ""));
        d.writeTables(tables);
        return d;
    }

    public void writeConfig(String text) throws IOException {
        Files.writeString(config, text, StandardCharsets.UTF_8);
    }

    public void writeTables(List<String> tables) throws IOException {
        Files.writeString(tableList, String.join("\n", tables) + "\n", StandardCharsets.UTF_8);
    }

    public String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * A fresh directory for one deployment, deleted when the test JVM exits (its daemons are gone by
     * then) unless {@code -Dit.keep=true} asks to keep it for a look at configs and logs.
     */
    private static Path tempDir() throws IOException {
        Path dir = Files.createTempDirectory("mysql2gp-it-");
        if (!Boolean.getBoolean("it.keep")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> Processes.deleteTree(dir), "delete " + dir));
        }
        return dir;
    }
}
