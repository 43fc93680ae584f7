package io.mysql2gp.testsupport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Stops servers and removes directories left under /tmp by test JVMs that died without cleaning up. */
final class StaleServers {
  static final String OWNER_FILE = "owner.pid";

  private StaleServers() {}

  /** Reaps every private server directory whose owning JVM is gone; best effort, never throws. */
  static void reap() {
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(Path.of("/tmp"), "mysql2gp-{mariadb,pg}-*")) {
      for (Path dir : dirs) {
        reapIfOrphaned(dir);
      }
    } catch (IOException | RuntimeException e) {
      // a leftover directory is harmless; never fail a test run because of one
    }
  }

  private static void reapIfOrphaned(Path dir) {
    Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
    // no owner file yet (being created) or a live owner: not ours to touch
    if (owner.isEmpty() || ProcessHandle.of(owner.get()).isPresent()) {
      return;
    }
    for (Path pidFile : List.of(dir.resolve("mysqld.pid"), dir.resolve("data/postmaster.pid"))) {
      readPid(pidFile).flatMap(ProcessHandle::of).filter(StaleServers::isServer).ifPresent(p -> {
        p.destroyForcibly();
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          // deleting the directory below still frees the disk space
        }
      });
    }
    Processes.deleteTree(dir);
  }

  private static boolean isServer(ProcessHandle p) {
    return p.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("postgres")).orElse(false);
  }

  /** The first line of a pid file, if it is a number. */
  static Optional<Long> readPid(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
