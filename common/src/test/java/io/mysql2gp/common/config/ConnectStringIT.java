package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connects through parsed connect strings to a private, throwaway PostgreSQL started here:
 * over its Unix socket (trust) and over TCP with a password full of special characters (SCRAM).
 */
class ConnectStringIT {
    /** A password that needs every quoting rule: quote, backslash, space, #, ;, =. */
    private static final String PASSWORD = "p'w\\ d#;=é";

    private static Path dir;
    private static int port;
    private static Path bin;

    @BeforeAll
    static void startPostgres() throws Exception {
        bin = findBinDir();
        dir = Files.createTempDirectory(Path.of("/tmp"), "m2g-connect-it-");
        port = freePort();
        Path data = dir.resolve("data");
        if (isRoot()) {
            run("chown", "postgres", dir.toString());
        }
        run(asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        for (int attempt = 1; ; attempt++) {
            try {
                run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        dir.resolve("log").toString(), "-w", "-t", "60", "start", "-o", "-p " + port + " -k " + dir
                                + " -c listen_addresses=127.0.0.1 -c fsync=off"));
                break;
            } catch (IllegalStateException e) {
                // another process may have taken the free port between our probe and the server's bind
                if (attempt == 5) {
                    throw e;
                }
                port = freePort();
            }
        }
        try (Connection c = connect("host=" + dir + " port=" + port + " user=postgres dbname=postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE ROLE it_user LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
            s.execute("CREATE DATABASE \"it db\" OWNER it_user");
        }
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (dir == null) {
            return;
        }
        if (Files.exists(dir.resolve("data/postmaster.pid"))) {
            run(asPostgres(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void connectsOverTheUnixSocketInTheHostDirectory() throws SQLException {
        PgConnectConfig cfg = ConnectString.parse("host=" + dir + " port=" + port + " user=postgres dbname=postgres");
        assertThat(cfg.isUnixSocket()).isTrue();
        try (Connection c = DriverManager.getConnection(cfg.jdbcUrl(), cfg.jdbcProperties())) {
            // inet_server_addr() is NULL exactly when the connection came through a Unix socket
            assertThat(query(c, "SELECT coalesce(inet_server_addr()::text, 'unix')")).isEqualTo("unix");
        }
    }

    @Test
    void connectsOverTcpWithAQuotedPasswordAndDatabaseName() throws SQLException {
        String kv = "host=127.0.0.1 port=" + port + " user=it_user dbname='it db' password='"
                + PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'";
        PgConnectConfig cfg = ConnectString.parse(kv);
        assertThat(cfg.isUnixSocket()).isFalse();
        try (Connection c = DriverManager.getConnection(cfg.jdbcUrl(), cfg.jdbcProperties())) {
            assertThat(query(c, "SELECT current_user || '@' || current_database() || ' via ' || inet_server_addr()"))
                    .isEqualTo("it_user@it db via 127.0.0.1/32");
        }
    }

    @Test
    void connectsOverTcpWithAPercentEncodedUri() throws SQLException {
        String uri = "postgresql://it_user:p%27w%5C%20d%23%3B%3D%C3%A9@127.0.0.1:" + port + "/it%20db"
                + "?application_name=connect-it";
        PgConnectConfig cfg = ConnectString.parse(uri);
        try (Connection c = DriverManager.getConnection(cfg.jdbcUrl(), cfg.jdbcProperties())) {
            assertThat(query(c, "SELECT current_database() || '/' || current_setting('application_name')"))
                    .isEqualTo("it db/connect-it");
        }
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        PgConnectConfig cfg = ConnectString.parse("host=127.0.0.1 port=" + port
                + " user=it_user dbname=postgres password=WrongPass123");
        assertThatThrownBy(() -> DriverManager.getConnection(cfg.jdbcUrl(), cfg.jdbcProperties()).close())
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).doesNotContain("WrongPass123");
                });
    }

    private static Connection connect(String connectString) throws SQLException {
        PgConnectConfig cfg = ConnectString.parse(connectString);
        return DriverManager.getConnection(cfg.jdbcUrl(), cfg.jdbcProperties());
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Path findBinDir() throws IOException {
        String configured = System.getProperty("pg.bindir");
        if (configured != null) {
            return Path.of(configured);
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL initdb under /usr/lib/postgresql"));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** initdb refuses to run as root: run the server tools as the postgres OS user then. */
    private static String[] asPostgres(String... command) {
        if (!isRoot()) {
            return command;
        }
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(List.of(command));
        return cmd.toArray(String[]::new);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("commands.out").toFile().exists()
                        ? ProcessBuilder.Redirect.appendTo(dir.resolve("commands.out").toFile())
                        : ProcessBuilder.Redirect.to(dir.resolve("commands.out").toFile()))
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed:\n"
                    + Files.readString(dir.resolve("commands.out")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
