package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** A PostgreSQL server run from the local binaries in its own directory under /tmp. */
final class PrivatePostgres implements PgServer, Managed {
  private static final int PORT_ATTEMPTS = 5;
  private static final String OS_USER = "postgres";

  private final Path dir;
  private final Path dataDir;
  private final Path log;
  private final IntSupplier ports;
  private final boolean shared;
  private volatile int port;
  private boolean running;
  private int launches;

  PrivatePostgres(IntSupplier ports, boolean shared) {
    this.dir = Processes.tempDir("mysql2gp-pg-", OS_USER);
    this.dataDir = dir.resolve("data");
    this.log = dir.resolve("postgresql.log");
    this.ports = ports;
    this.shared = shared;
  }

  /** Creates the cluster and starts it. */
  PrivatePostgres init() {
    try {
      Processes.run("initdb", Processes.asUser(OS_USER, List.of(bin("initdb"), "-D", dataDir.toString(),
          "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")),
          dir, dir.resolve("initdb.log"), Processes.startTimeoutSeconds());
      start();
      return this;
    } catch (RuntimeException e) {
      shutdown();
      throw e;
    }
  }

  /** A program from the highest /usr/lib/postgresql/N/bin, else from PATH. */
  static String bin(String program) {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        Path[] newestFirst = versions.filter(p -> p.getFileName().toString().matches("\\d+"))
            .sorted(Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString()))
                .reversed())
            .map(p -> p.resolve("bin")).toArray(Path[]::new);
        return Processes.binary(program, newestFirst).toString();
      } catch (IOException e) {
        // fall through to PATH
      }
    }
    return Processes.binary(program).toString();
  }

  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    for (int attempt = 1; ; attempt++) {
      if (port == 0 || attempt > 1) {
        port = ports.getAsInt();
      }
      try {
        freshLog();
        String serverOptions = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
            + " -c fsync=off -c max_connections=200";
        Processes.run("pg_ctl start", Processes.asUser(OS_USER, List.of(bin("pg_ctl"), "-D",
            dataDir.toString(), "-l", log.toString(), "-w", "-t",
            Long.toString(Processes.startTimeoutSeconds()), "start", "-o", serverOptions)),
            dir, dir.resolve("pg_ctl.log"), Processes.startTimeoutSeconds() + 10);
        running = true;
        return;
      } catch (TestServerException e) {
        immediateStopQuietly();
        if (!Processes.portClash(log) || attempt == PORT_ATTEMPTS) {
          throw new TestServerException("PostgreSQL in " + dataDir + " did not start on port " + port
              + ": " + e.getMessage() + Processes.tail(log), e);
        }
      }
    }
  }

  /** A fresh server log per launch, so a failure shows this launch's lines only. */
  private void freshLog() {
    try {
      if (Files.exists(log)) {
        Files.move(log, Path.of(log + "." + launches), StandardCopyOption.REPLACE_EXISTING);
      }
      launches++;
    } catch (IOException e) {
      throw new TestServerException("cannot rotate " + log + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void stop(boolean immediate) {
    if (!running) {
      return;
    }
    Processes.run("pg_ctl stop", Processes.asUser(OS_USER, List.of(bin("pg_ctl"), "-D",
        dataDir.toString(), "-m", immediate ? "immediate" : "fast", "-w", "-t", "60", "stop")),
        dir, dir.resolve("pg_ctl.log"), 70);
    running = false;
  }

  /** Stops the server and deletes its directory, whatever the shared flag says. */
  @Override
  public synchronized void shutdown() {
    try {
      stop(false);
    } catch (RuntimeException e) {
      immediateStopQuietly();
    } finally {
      running = false;
      Processes.deleteTree(dir);
    }
  }

  /** Makes sure no postmaster is left on this directory, whatever state it is in. */
  private void immediateStopQuietly() {
    Processes.succeeds(Processes.asUser(OS_USER, List.of(bin("pg_ctl"), "-D", dataDir.toString(),
        "-m", "immediate", "-w", "-t", "30", "stop")), dir, 40);
  }

  @Override
  public void close() {
    if (!shared) {
      shutdown();
    }
  }

  @Override public String host() { return "127.0.0.1"; }
  @Override public int port() { return port; }
  @Override public String user() { return "postgres"; }
  @Override public Path socketDir() { return dir; }

  @Override
  public String toString() {
    return "private PostgreSQL 127.0.0.1:" + port + " (" + dataDir + ")";
  }
}
