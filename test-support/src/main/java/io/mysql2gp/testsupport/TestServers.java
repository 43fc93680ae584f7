package io.mysql2gp.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point for integration tests: shared and fresh MariaDB/PostgreSQL servers, private
 * (local binaries) or in Docker containers; system property {@code mysql2gp.test.servers}
 * ({@code private} or {@code docker}) forces the choice, otherwise Docker is used when reachable.
 */
public final class TestServers {
  private static final Logger LOG = LoggerFactory.getLogger(TestServers.class);
  private static final List<Managed> ALL = new ArrayList<>();
  private static MysqlServer sharedMysql;
  private static PgServer sharedPostgres;
  private static boolean hookInstalled;

  private TestServers() {}

  /** The JVM's shared MariaDB, started on first use and stopped at exit; close() on it is a no-op. */
  public static synchronized MysqlServer mysql() {
    if (sharedMysql == null) {
      sharedMysql = startMysql(true, List.of());
    }
    return sharedMysql;
  }

  /** The JVM's shared PostgreSQL (tests use separate databases); close() on it is a no-op. */
  public static synchronized PgServer postgres() {
    if (sharedPostgres == null) {
      sharedPostgres = startPostgres(true);
    }
    return sharedPostgres;
  }

  /**
   * A fresh private MariaDB for destructive tests; the caller closes it. Extra mariadbd options
   * such as {@code "binlog_format=STATEMENT"} or {@code "--log-bin-compress=ON"} override the defaults.
   */
  public static MysqlServer newMysql(String... extraOptions) {
    return startMysql(false, MariadbOptions.normalize(extraOptions));
  }

  /** A fresh private PostgreSQL for destructive tests; the caller closes it. */
  public static PgServer newPostgres() {
    return startPostgres(false);
  }

  /** Whether a Docker engine is reachable (bounded in time; never throws). */
  public static boolean dockerAvailable() {
    return DockerProbe.available();
  }

  private static MysqlServer startMysql(boolean shared, List<String> extra) {
    MysqlServer server = useDocker()
        ? register(new ContainerMariadb(extra, shared)).init()
        : register(new PrivateMariadb(extra, Processes::freePort, shared)).init();
    LOG.info("test servers: started {}{}", server, extra.isEmpty() ? "" : " with " + extra);
    return server;
  }

  private static PgServer startPostgres(boolean shared) {
    PgServer server = useDocker()
        ? register(new ContainerPostgres(shared)).init()
        : register(new PrivatePostgres(Processes::freePort, shared)).init();
    LOG.info("test servers: started {}", server);
    return server;
  }

  static boolean useDocker() {
    String mode = System.getProperty("mysql2gp.test.servers", "").trim();
    switch (mode) {
      case "private":
        return false;
      case "docker":
        if (!dockerAvailable()) {
          throw new TestServerException("-Dmysql2gp.test.servers=docker, but no Docker engine is reachable");
        }
        return true;
      case "":
        return dockerAvailable();
      default:
        throw new TestServerException("mysql2gp.test.servers must be 'private' or 'docker', not '"
            + mode + "'");
    }
  }

  /** Remembers a server so the shutdown hook stops it even if a test forgets to close it. */
  static <T extends Managed> T register(T server) {
    synchronized (ALL) {
      if (!hookInstalled) {
        StaleServers.reap();
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::shutdownAll,
            "mysql2gp-test-servers-shutdown"));
        hookInstalled = true;
      }
      ALL.add(server);
    }
    return server;
  }

  private static void shutdownAll() {
    List<Managed> servers;
    synchronized (ALL) {
      servers = new ArrayList<>(ALL);
    }
    for (Managed m : servers) {
      try {
        m.shutdown();
      } catch (RuntimeException e) {
        LOG.warn("test servers: cannot stop {}: {}", m, e.getMessage());
      }
    }
  }
}
