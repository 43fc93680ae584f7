package io.mysql2gp.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.testcontainers.containers.GenericContainer;

/** Helpers for the Testcontainers-backed servers: restarts keep the container and its host port. */
final class ContainerSupport {
  private ContainerSupport() {}

  /** A JDBC connection attempt. */
  interface Connector {
    Connection open() throws SQLException;
  }

  static String image(String property, String fallback) {
    return System.getProperty(property, fallback);
  }

  /** Polls until a connection opens; on timeout throws with the container log's tail. */
  static void awaitConnect(String what, Connector connector, GenericContainer<?> container) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Processes.startTimeoutSeconds());
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      try (Connection c = connector.open()) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      Processes.pause(250);
    }
    throw new TestServerException(what + " did not accept connections within "
        + Processes.startTimeoutSeconds() + " s: " + (last == null ? "" : last.getMessage())
        + "\n--- container log tail ---\n" + tailOf(container.getLogs()), last);
  }

  static void start(GenericContainer<?> container) {
    container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
  }

  /** Sends a signal to the container's main process and waits until the container has exited. */
  static void signalAndWait(GenericContainer<?> container, String signal) {
    String id = container.getContainerId();
    container.getDockerClient().killContainerCmd(id).withSignal(signal).exec();
    container.getDockerClient().waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
  }

  static boolean running(GenericContainer<?> container) {
    Boolean state = container.getDockerClient().inspectContainerCmd(container.getContainerId())
        .exec().getState().getRunning();
    return Boolean.TRUE.equals(state);
  }

  private static String tailOf(String logs) {
    return logs.length() <= 4000 ? logs : logs.substring(logs.length() - 4000);
  }
}
