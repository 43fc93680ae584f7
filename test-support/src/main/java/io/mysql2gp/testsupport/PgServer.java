package io.mysql2gp.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A PostgreSQL server for tests with superuser "postgres" and trust authentication. */
public interface PgServer extends AutoCloseable {

  String host();

  int port();

  /** The superuser, always "postgres". */
  String user();

  /** The directory holding the server's Unix socket; null for containers. */
  Path socketDir();

  /** Creates database {@code name} unless it exists (safe to call concurrently). */
  default void createDatabase(String name) {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery(
          "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    } catch (SQLException e) {
      // 42P04 duplicate_database, 23505: a concurrent CREATE DATABASE won the race
      if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
        throw new TestServerException("cannot create database \"" + name + "\" on PostgreSQL "
            + host() + ":" + port() + ": " + e.getMessage(), e);
      }
    }
  }

  default String jdbcUrl(String db) {
    return "jdbc:postgresql://" + host() + ":" + port() + "/" + db + "?connectTimeout=10";
  }

  default Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(db), user(), "");
  }

  /** A libpq key=value string as written in my.cnf: {@code host=127.0.0.1 port=P dbname=db user=postgres}. */
  default String connectString(String db) {
    return "host=" + host() + " port=" + port() + " dbname=" + db + " user=" + user();
  }

  /** Stops the server: a fast shutdown, or an immediate one (crash-like, recovery on start). */
  void stop(boolean immediate);

  /** Starts a stopped server again on its data (no-op when running). */
  void start();

  /** Stops the server and removes its files (a no-op on the shared instance). */
  @Override
  void close();
}
