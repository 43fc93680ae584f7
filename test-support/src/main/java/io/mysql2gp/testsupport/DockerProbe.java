package io.mysql2gp.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/** Answers, once and within a bounded time, whether Testcontainers can reach a Docker engine. */
final class DockerProbe {
  private static final long TIMEOUT_SECONDS = 30;
  private static Boolean available;

  private DockerProbe() {}

  static synchronized boolean available() {
    if (available == null) {
      available = plausible() && ask();
    }
    return available;
  }

  /** Cheap check first, so machines without Docker never wait for Testcontainers' own probing. */
  private static boolean plausible() {
    if (System.getenv("DOCKER_HOST") != null) {
      return true;
    }
    String home = System.getProperty("user.home");
    String runtime = System.getenv().getOrDefault("XDG_RUNTIME_DIR", "/nonexistent");
    return List.of(Path.of("/var/run/docker.sock"), Path.of(runtime, "docker.sock"),
            Path.of(home, ".docker/run/docker.sock"), Path.of(home, ".docker/desktop/docker.sock"),
            Path.of(home, ".testcontainers.properties"))
        .stream().anyMatch(Files::exists);
  }

  private static boolean ask() {
    FutureTask<Boolean> probe =
        new FutureTask<>(() -> DockerClientFactory.instance().isDockerAvailable());
    Thread t = new Thread(probe, "mysql2gp-docker-probe");
    t.setDaemon(true);
    t.start();
    try {
      return probe.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception | LinkageError e) {
      return false;
    }
  }
}
