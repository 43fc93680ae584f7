package io.mysql2gp.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small process, port, file and binary-lookup helpers shared by the private servers. */
final class Processes {
  private Processes() {}

  /** Whether this JVM runs as root (then PostgreSQL must run as the "postgres" OS user). */
  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Prefixes {@code command} with {@code runuser -u user --} when we are root. */
  static List<String> asUser(String user, List<String> command) {
    if (!isRoot()) {
      return command;
    }
    List<String> all = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    all.addAll(command);
    return all;
  }

  /** Runs a command to completion with output to {@code log}; throws with the log's tail on failure. */
  static void run(String what, List<String> command, Path workDir, Path log, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new TestServerException(what + " did not finish within " + timeoutSeconds + " s: "
            + command + tail(log));
      }
      if (p.exitValue() != 0) {
        throw new TestServerException(what + " failed with exit code " + p.exitValue() + ": "
            + command + tail(log));
      }
    } catch (IOException e) {
      throw new TestServerException(what + " could not run " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestServerException(what + " interrupted", e);
    }
  }

  /** Runs a short command and reports only whether it exited 0 in time. */
  static boolean succeeds(List<String> command, Path workDir, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A port that was free on 127.0.0.1 a moment ago (callers retry on a clash). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** The last lines of a log file, formatted to append to an exception message. */
  static String tail(Path log) {
    try {
      if (log == null || !Files.exists(log)) {
        return "\n(no log file " + log + ")";
      }
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      int from = Math.max(0, lines.size() - 25);
      // errors early in a long log (mariadb-install-db ends with a page of advice) come first
      List<String> earlyErrors = lines.subList(0, from).stream()
          .filter(l -> l.contains("ERROR") || l.contains("FATAL") || l.contains("rror:"))
          .limit(20).toList();
      return (earlyErrors.isEmpty() ? "" : "\n--- errors in " + log + " ---\n"
          + String.join("\n", earlyErrors))
          + "\n--- last lines of " + log + " ---\n" + String.join("\n", lines.subList(from, lines.size()));
    } catch (IOException e) {
      return "\n(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Whether a log file says a bind failed because the port is taken. */
  static boolean portClash(Path log) {
    String text = tail(log);
    return text.contains("Address already in use") || text.contains("could not bind");
  }

  /** Finds an executable by name in the given directories, then on PATH and in the sbin dirs. */
  static Path binary(String name, Path... preferredDirs) {
    List<Path> dirs = new ArrayList<>(List.of(preferredDirs));
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!d.isEmpty()) {
        dirs.add(Path.of(d));
      }
    }
    Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/usr/bin", "/sbin")
        .map(Path::of).forEach(dirs::add);
    for (Path d : dirs) {
      Path p = d.resolve(name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new TestServerException("cannot find the program '" + name + "' in " + dirs
        + ": run scripts/test.sh, which installs mariadb-server and postgresql");
  }

  /** Creates a fresh directory under /tmp (short paths keep Unix socket names legal). */
  static Path tempDir(String prefix, String owner) {
    try {
      Path dir = Files.createTempDirectory(Path.of("/tmp"), prefix);
      if (owner != null && isRoot()) {
        UserPrincipal user = dir.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName(owner);
        Files.setOwner(dir, user);
      }
      // lets a later run reap this directory if this JVM dies without cleaning up
      Files.writeString(dir.resolve(StaleServers.OWNER_FILE), ProcessHandle.current().pid() + "\n");
      return dir;
    } catch (IOException e) {
      throw new TestServerException("cannot create a directory under /tmp: " + e.getMessage(), e);
    }
  }

  /** Deletes a directory tree, ignoring files that vanish meanwhile. */
  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover directory under /tmp is harmless
    }
  }

  /** Sleeps briefly while polling; an interrupt becomes an exception. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TestServerException("interrupted while waiting for a server", e);
    }
  }

  /** Start-up timeout in seconds: property {@code mysql2gp.test.startTimeoutSeconds}, default 120. */
  static long startTimeoutSeconds() {
    return Long.getLong("mysql2gp.test.startTimeoutSeconds", 120L);
  }
}
