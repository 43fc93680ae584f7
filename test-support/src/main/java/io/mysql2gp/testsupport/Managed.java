package io.mysql2gp.testsupport;

/** A test server that {@link TestServers} stops and removes when the JVM exits. */
interface Managed {
  /** Stops the server and removes its files or container; safe to call twice. */
  void shutdown();
}
