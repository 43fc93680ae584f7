package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** A MariaDB server run from the local binaries in its own directory under /tmp. */
final class PrivateMariadb implements MysqlServer, Managed {
  static final String ROOT_PASSWORD = "rootpw";
  private static final int PORT_ATTEMPTS = 5;

  private final Path dir;
  private final Path dataDir;
  // a private tmpdir: servers sharing /tmp collide on their temporary table files
  private final Path tmpDir;
  private final Path socket;
  private final Path errorLog;
  private final Path outLog;
  private final List<String> extraOptions;
  private final IntSupplier ports;
  private final boolean shared;
  private final String osUser = System.getProperty("user.name");
  private volatile int port;
  private volatile String flavor = "mariadb";
  private Process process;
  private int launches;

  PrivateMariadb(List<String> extraOptions, IntSupplier ports, boolean shared) {
    this.dir = Processes.tempDir("mysql2gp-mariadb-", null);
    this.dataDir = dir.resolve("data");
    this.tmpDir = dir.resolve("tmp");
    this.socket = dir.resolve("mysqld.sock");
    this.errorLog = dir.resolve("mysqld.err");
    this.outLog = dir.resolve("mysqld.out");
    this.extraOptions = List.copyOf(extraOptions);
    this.ports = ports;
    this.shared = shared;
  }

  /** Creates the data directory, starts the server and makes root usable over TCP. */
  PrivateMariadb init() {
    try {
      Files.createDirectories(tmpDir);
      Processes.run("mariadb-install-db", List.of(
          Processes.binary("mariadb-install-db").toString(), "--no-defaults", "--user=" + osUser,
          "--datadir=" + dataDir, "--tmpdir=" + tmpDir, "--auth-root-authentication-method=normal",
          "--skip-test-db"),
          dir, dir.resolve("install-db.log"), Processes.startTimeoutSeconds());
      start();
      bootstrap();
      return this;
    } catch (IOException e) {
      shutdown();
      throw new TestServerException("cannot create " + tmpDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  private void bootstrap() {
    StringBuilder sql = new StringBuilder();
    for (String host : List.of("127.0.0.1", "%")) {
      String user = "'root'@'" + host + "'";
      sql.append("CREATE USER IF NOT EXISTS ").append(user).append(";\n")
          .append("ALTER USER ").append(user).append(" IDENTIFIED BY '").append(ROOT_PASSWORD).append("';\n")
          .append("GRANT ALL PRIVILEGES ON *.* TO ").append(user).append(" WITH GRANT OPTION;\n");
    }
    // tests reading the binlog from its start then see only their own events
    sql.append("FLUSH PRIVILEGES;\n");
    if (extraOptions.stream().noneMatch(o -> o.startsWith("--skip-log-bin") || o.startsWith("--log-bin=OFF"))) {
      sql.append("RESET MASTER;\n");
    }
    Processes.run("creating root@127.0.0.1 on " + this, List.of(
        Processes.binary("mariadb").toString(), "--no-defaults", "-uroot", "--socket=" + socket,
        "-e", sql.toString()), dir, dir.resolve("bootstrap.log"), 60);
    try (Connection c = connect(null); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      flavor = rs.getString(1).toLowerCase().contains("mariadb") ? "mariadb" : "mysql";
    } catch (SQLException e) {
      throw new TestServerException("root cannot log in over TCP to " + this + ": " + e.getMessage()
          + Processes.tail(errorLog), e);
    }
  }

  @Override
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      return;
    }
    // a restart keeps its port: clients configured with it (a running miner) must find it again
    boolean restart = port != 0;
    for (int attempt = 1; ; attempt++) {
      if (port == 0 || attempt > 1) {
        port = ports.getAsInt();
      }
      launch();
      if (awaitReady()) {
        return;
      }
      if (restart || !Processes.portClash(errorLog) || attempt == PORT_ATTEMPTS) {
        throw new TestServerException("MariaDB in " + dataDir + " exited while starting on port "
            + port + " (exit code " + process.exitValue() + ")" + logs());
      }
    }
  }

  private void launch() {
    try {
      // a fresh error log per launch, so a failure shows this launch's lines only
      for (Path log : List.of(errorLog, outLog)) {
        if (Files.exists(log)) {
          Files.move(log, Path.of(log + "." + launches), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      launches++;
      List<String> cmd = new ArrayList<>(List.of(Processes.binary("mariadbd").toString(),
          "--no-defaults", "--user=" + osUser, "--datadir=" + dataDir, "--tmpdir=" + tmpDir,
          "--port=" + port,
          "--bind-address=127.0.0.1", "--socket=" + socket, "--pid-file=" + dir.resolve("mysqld.pid"),
          "--log-error=" + errorLog));
      cmd.addAll(MariadbOptions.standard(dataDir.resolve("binlog").toString()));
      cmd.addAll(extraOptions);
      process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(outLog.toFile()).start();
    } catch (IOException e) {
      throw new TestServerException("cannot start mariadbd for " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /** Polls mariadb-admin ping; false if the server exited, an exception on timeout. */
  private boolean awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Processes.startTimeoutSeconds());
    List<String> ping = List.of(Processes.binary("mariadb-admin").toString(), "--no-defaults",
        "-uroot", "--socket=" + socket, "--connect-timeout=2", "ping");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      if (Processes.succeeds(ping, dir, 10)) {
        return true;
      }
      Processes.pause(100);
    }
    process.destroyForcibly();
    throw new TestServerException("MariaDB in " + dataDir + " did not answer ping on port " + port
        + " within " + Processes.startTimeoutSeconds() + " s" + logs());
  }

  @Override
  public synchronized void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy(); // SIGTERM: mariadbd shuts down cleanly
    if (!waitExit(60)) {
      process.destroyForcibly();
      waitExit(10);
      throw new TestServerException("MariaDB on port " + port + " did not stop within 60 s; killed"
          + logs());
    }
  }

  @Override
  public synchronized void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly(); // SIGKILL
      waitExit(30);
    }
  }

  private boolean waitExit(long seconds) {
    try {
      return process.waitFor(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestServerException("interrupted while stopping " + this, e);
    }
  }

  private String logs() {
    return Processes.tail(errorLog) + Processes.tail(outLog);
  }

  /** Stops the server and deletes its directory, whatever the shared flag says. */
  @Override
  public synchronized void shutdown() {
    try {
      stop();
    } catch (RuntimeException e) {
      kill();
    } finally {
      Processes.deleteTree(dir);
    }
  }

  @Override
  public void close() {
    if (!shared) {
      shutdown();
    }
  }

  @Override public String flavor() { return flavor; }
  @Override public String host() { return "127.0.0.1"; }
  @Override public int port() { return port; }
  @Override public String rootUser() { return "root"; }
  @Override public String rootPassword() { return ROOT_PASSWORD; }
  @Override public Path dataDir() { return dataDir; }

  @Override
  public String toString() {
    return "private MariaDB 127.0.0.1:" + port + " (" + dataDir + ")";
  }
}
