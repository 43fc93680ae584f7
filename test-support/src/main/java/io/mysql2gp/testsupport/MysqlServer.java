package io.mysql2gp.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A MySQL-protocol source server for tests, reachable over TCP as a password-protected root. */
public interface MysqlServer extends AutoCloseable {

  /** "mariadb" or "mysql", taken from the running server's version string. */
  String flavor();

  String host();

  int port();

  String rootUser();

  String rootPassword();

  /** A mysql-connector-j URL for {@code db} (null or empty: no default database); holds no password. */
  default String jdbcUrl(String db) {
    return "jdbc:mysql://" + host() + ":" + port() + "/" + (db == null ? "" : db)
        + "?sslMode=DISABLED&allowPublicKeyRetrieval=true&characterEncoding=UTF-8"
        + "&connectTimeout=10000";
  }

  /** Opens a connection as root over TCP. */
  default Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(db), rootUser(), rootPassword());
  }

  /** Runs each statement in order as root; a failure throws naming the statement and the server. */
  default void execute(String db, String... statements) {
    String where = flavor() + " " + host() + ":" + port() + (db == null ? "" : " database " + db);
    try (Connection c = connect(db); Statement s = c.createStatement()) {
      for (String sql : statements) {
        try {
          s.execute(sql);
        } catch (SQLException e) {
          throw new TestServerException("statement failed on " + where + ": " + sql + ": "
              + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
      }
    } catch (SQLException e) {
      throw new TestServerException("cannot connect to " + where + ": " + e.getMessage(), e);
    }
  }

  /** Clean shutdown; data stays for {@link #start()}. */
  void stop();

  /** Starts a stopped or killed server again on its data (no-op when running). */
  void start();

  /** SIGKILLs the server, as a crash would; {@link #start()} recovers it. */
  void kill();

  /**
   * Restarts the server on the same port and data: a clean shutdown ({@code crash} false) or a
   * SIGKILL as a crash would ({@code crash} true), then {@link #start()}. MariaDB opens a new binlog
   * file on every start.
   */
  default void restart(boolean crash) {
    if (crash) {
      kill();
    } else {
      stop();
    }
    start();
  }

  /** The server's data directory (binlog files are {@code binlog.NNNNNN} in it); null for containers. */
  Path dataDir();

  /** Stops the server and removes its files (a no-op on the shared instance). */
  @Override
  void close();
}
