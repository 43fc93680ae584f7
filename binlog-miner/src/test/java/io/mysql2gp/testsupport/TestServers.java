package io.mysql2gp.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** TEMPORARY STUB of the test-support API (deleted when the real module lands): private MariaDB servers under /tmp. */
public final class TestServers {
    private static MysqlServer shared;

    private TestServers() {
    }

    /** One MariaDB shared by all tests of the JVM. */
    public static synchronized MysqlServer mysql() {
        if (shared == null) {
            shared = newMysql();
            MysqlServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
        }
        return shared;
    }

    /** A new MariaDB with extra mariadbd options appended (they override the defaults). */
    public static MysqlServer newMysql(String... extraServerOptions) {
        return new PrivateMariaDb(List.of(extraServerOptions));
    }

    private static final class PrivateMariaDb implements MysqlServer {
        private final Path dir;
        private final int port;
        private final List<String> extra;
        private Process process;

        PrivateMariaDb(List<String> extra) {
            this.extra = extra;
            try {
                dir = Files.createTempDirectory(Path.of("/tmp"), "m2gp-maria-");
                try (ServerSocket ss = new ServerSocket(0)) {
                    port = ss.getLocalPort();
                }
                Files.createDirectories(dir.resolve("tmp"));
                run("mariadb-install-db", "--no-defaults", "--user=" + System.getProperty("user.name"),
                        "--datadir=" + dataDir(), "--tmpdir=" + dir.resolve("tmp"), "--auth-root-authentication-method=normal", "--skip-test-db");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
            try {
                start();
                run("mariadb", "--no-defaults", "-uroot", "--socket=" + dir.resolve("sock"), "-e",
                        "CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '" + rootPassword() + "';"
                                + " GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;");
            } catch (RuntimeException e) {
                kill();
                throw e;
            }
        }

        private void run(String... cmd) {
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("cmd.log").toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("cmd.log")));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String flavor() {
            return "mariadb";
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public String rootUser() {
            return "root";
        }

        @Override
        public String rootPassword() {
            return "rootpw";
        }

        @Override
        public String jdbcUrl(String db) {
            return "jdbc:mysql://127.0.0.1:" + port + "/" + (db == null ? "" : db)
                    + "?allowPublicKeyRetrieval=true&sslMode=DISABLED";
        }

        @Override
        public Connection connect(String db) throws SQLException {
            return DriverManager.getConnection(jdbcUrl(db), rootUser(), rootPassword());
        }

        @Override
        public void execute(String db, String... sql) {
            try (Connection c = connect(db); Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.execute(s);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void start() {
            List<String> cmd = new ArrayList<>(List.of("mariadbd", "--no-defaults",
                    "--user=" + System.getProperty("user.name"), "--datadir=" + dataDir(), "--tmpdir=" + dir.resolve("tmp"), "--port=" + port,
                    "--bind-address=127.0.0.1", "--skip-name-resolve", "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"),
                    "--log-error=" + dir.resolve("error.log"), "--server-id=1", "--log-bin=" + dataDir().resolve("binlog"),
                    "--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL"));
            cmd.addAll(extra);
            try {
                process = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("stdout.log").toFile()).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    Process ping = new ProcessBuilder("mariadb-admin", "--no-defaults", "-uroot",
                            "--socket=" + dir.resolve("sock"), "ping").redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (ping.waitFor() == 0) {
                        return;
                    }
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("mariadbd did not start: " + Files.readString(dir.resolve("error.log")));
                    }
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized void stop() {
            if (process != null && process.isAlive()) {
                process.destroy();
                try {
                    process.waitFor(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public synchronized void kill() {
            if (process != null) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public Path dataDir() {
            return dir.resolve("data");
        }

        @Override
        public void close() {
            stop();
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // best effort
            }
        }
    }
}
