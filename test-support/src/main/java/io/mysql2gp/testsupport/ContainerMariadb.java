package io.mysql2gp.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/** A MariaDB server in a Testcontainers container, with the same server options as a private one. */
final class ContainerMariadb implements MysqlServer, Managed {
  private final Container container;
  private final boolean shared;
  private final int hostPort;
  private String flavor = "mariadb";

  /** The module's container, told to use mysql-connector-j (the only MySQL driver we ship). */
  private static final class Container extends MariaDBContainer {
    Container(DockerImageName image) {
      super(image);
    }

    @Override
    public String getDriverClassName() {
      return "com.mysql.cj.jdbc.Driver";
    }

    @Override
    public String getJdbcUrl() {
      return "jdbc:mysql://" + getHost() + ":" + getMappedPort(3306) + "/" + getDatabaseName()
          + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }
  }

  ContainerMariadb(List<String> extraOptions, boolean shared) {
    this.shared = shared;
    this.hostPort = Processes.freePort(); // fixed, so stop/start keeps the address
    List<String> command = new ArrayList<>(MariadbOptions.standard("/var/lib/mysql/binlog"));
    command.addAll(extraOptions);
    container = new Container(DockerImageName.parse(
        ContainerSupport.image("mysql2gp.test.mariadb.image", "mariadb:10.11"))
        .asCompatibleSubstituteFor("mariadb"));
    container.withUsername("root").withPassword(PrivateMariadb.ROOT_PASSWORD)
        .withCommand(command.toArray(String[]::new))
        .withStartupTimeout(Duration.ofSeconds(Processes.startTimeoutSeconds()));
    container.setPortBindings(List.of(hostPort + ":3306"));
  }

  ContainerMariadb init() {
    container.start();
    try (Connection c = connect(null); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT VERSION()")) {
      rs.next();
      flavor = rs.getString(1).toLowerCase().contains("mariadb") ? "mariadb" : "mysql";
    } catch (SQLException e) {
      container.stop();
      throw new TestServerException("root cannot log in to " + this + ": " + e.getMessage(), e);
    }
    return this;
  }

  @Override
  public synchronized void stop() {
    if (ContainerSupport.running(container)) {
      ContainerSupport.signalAndWait(container, "SIGTERM");
    }
  }

  @Override
  public synchronized void start() {
    if (!ContainerSupport.running(container)) {
      ContainerSupport.start(container);
      ContainerSupport.awaitConnect(toString(), () -> connect(null), container);
    }
  }

  @Override
  public synchronized void kill() {
    if (ContainerSupport.running(container)) {
      ContainerSupport.signalAndWait(container, "SIGKILL");
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

  @Override public String flavor() { return flavor; }
  @Override public String host() { return container.getHost(); }
  @Override public int port() { return hostPort; }
  @Override public String rootUser() { return "root"; }
  @Override public String rootPassword() { return PrivateMariadb.ROOT_PASSWORD; }
  @Override public Path dataDir() { return null; }

  @Override
  public String toString() {
    return "MariaDB container " + container.getDockerImageName() + " on port " + hostPort;
  }
}
