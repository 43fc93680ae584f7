package io.mysql2gp.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** A PostgreSQL server in a Testcontainers container with trust authentication. */
final class ContainerPostgres implements PgServer, Managed {
  private final PostgreSQLContainer container;
  private final boolean shared;
  private final int hostPort;

  ContainerPostgres(boolean shared) {
    this.shared = shared;
    this.hostPort = Processes.freePort(); // fixed, so stop/start keeps the address
    container = new PostgreSQLContainer(DockerImageName.parse(
        ContainerSupport.image("mysql2gp.test.postgres.image", "postgres:15"))
        .asCompatibleSubstituteFor("postgres"));
    container.withUsername("postgres").withPassword("postgres").withDatabaseName("postgres")
        .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
        .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200")
        .withStartupTimeout(Duration.ofSeconds(Processes.startTimeoutSeconds()));
    container.setPortBindings(List.of(hostPort + ":5432"));
  }

  ContainerPostgres init() {
    container.start();
    return this;
  }

  @Override
  public synchronized void stop(boolean immediate) {
    if (ContainerSupport.running(container)) {
      // postgres: SIGINT is a fast shutdown, SIGQUIT an immediate one
      ContainerSupport.signalAndWait(container, immediate ? "SIGQUIT" : "SIGINT");
    }
  }

  @Override
  public synchronized void start() {
    if (!ContainerSupport.running(container)) {
      ContainerSupport.start(container);
      ContainerSupport.awaitConnect(toString(), () -> connect("postgres"), container);
    }
  }

  @Override
  public synchronized void shutdown() {
    container.stop();
  }

  @Override
  public void close() {
    if (!shared) {
      shutdown();
    }
  }

  @Override public String host() { return container.getHost(); }
  @Override public int port() { return hostPort; }
  @Override public String user() { return "postgres"; }
  @Override public Path socketDir() { return null; }

  @Override
  public String toString() {
    return "PostgreSQL container " + container.getDockerImageName() + " on port " + hostPort;
  }
}
