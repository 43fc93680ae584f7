package io.mysql2gp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestServersIT {

  @Test
  void sharedMariadbWritesFullRowImagesWithMetadataToItsBinlog() throws SQLException {
    MysqlServer db = TestServers.mysql();
    assertThat(db.flavor()).isEqualTo("mariadb");
    assertThat(db.host()).isNotBlank();
    assertThat(db.port()).isNotIn(0, 3306);
    assertThat(query(db, "SELECT @@log_bin")).isEqualTo("1");
    assertThat(query(db, "SELECT @@binlog_format")).isEqualTo("ROW");
    assertThat(query(db, "SELECT @@binlog_row_image")).isEqualTo("FULL");
    assertThat(query(db, "SELECT @@binlog_row_metadata")).isEqualTo("FULL");
    assertThat(query(db, "SELECT @@server_id")).isEqualTo("1");
    assertThat(query(db, "SELECT @@character_set_server")).isEqualTo("utf8mb4");
    assertThat(query(db, "SELECT @@max_connections")).isEqualTo("200");
    if (db.dataDir() != null) {
      assertThat(db.dataDir().resolve("binlog.000001")).exists();
      // each private server has its own tmpdir (concurrent servers collide in a shared /tmp)
      assertThat(query(db, "SELECT @@tmpdir")).isEqualTo(db.dataDir().resolveSibling("tmp").toString());
    }
  }

  @Test
  void rootLogsInOverTcpWithItsPasswordAndNotWithout() throws SQLException {
    MysqlServer db = TestServers.mysql();
    assertThat(db.jdbcUrl("mysql")).startsWith("jdbc:mysql://" + db.host() + ":" + db.port() + "/mysql?")
        .doesNotContain(db.rootPassword());
    assertThat(query(db, "SELECT CURRENT_USER()")).isIn("root@127.0.0.1", "root@%");
    assertThat(query(db, "SELECT COUNT(*) FROM mysql.user WHERE user = 'root' AND host = '%'"))
        .isEqualTo("1");
    assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(null), "root", "wrong").close())
        .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");
  }

  @Test
  void sharedServersAreOnePerJvmAndIgnoreClose() throws SQLException {
    MysqlServer db = TestServers.mysql();
    PgServer pg = TestServers.postgres();
    db.close();
    pg.close();
    assertThat(TestServers.mysql()).isSameAs(db);
    assertThat(TestServers.postgres()).isSameAs(pg);
    assertThat(query(db, "SELECT 1")).isEqualTo("1");
    try (Connection c = pg.connect("postgres")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void executeRunsStatementsInOrderAndNamesTheOneThatFails() throws SQLException {
    MysqlServer db = TestServers.mysql();
    db.execute(null, "CREATE DATABASE IF NOT EXISTS ts_exec", "DROP TABLE IF EXISTS ts_exec.t",
        "CREATE TABLE ts_exec.t (id INT PRIMARY KEY)");
    db.execute("ts_exec", "INSERT INTO t VALUES (1), (2)");
    assertThat(query(db, "SELECT COUNT(*) FROM ts_exec.t")).isEqualTo("2");
    assertThatThrownBy(() -> db.execute("ts_exec", "INSERT INTO t VALUES (3)", "INSERT INTO nope VALUES (1)"))
        .isInstanceOf(TestServerException.class)
        .hasMessageContaining("INSERT INTO nope VALUES (1)")
        .hasMessageContaining("ts_exec")
        .hasMessageContaining(String.valueOf(db.port()));
    assertThat(query(db, "SELECT COUNT(*) FROM ts_exec.t")).isEqualTo("3");
  }

  @Test
  void postgresAcceptsTcpAndUnixSocketConnections() throws Exception {
    PgServer pg = TestServers.postgres();
    assertThat(pg.user()).isEqualTo("postgres");
    assertThat(pg.port()).isNotIn(0, 5432);
    try (Connection c = pg.connect("postgres"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT host(inet_server_addr()), current_setting('fsync')")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
      assertThat(rs.getString(2)).isEqualTo("off");
    }
    assumeTrue(pg.socketDir() != null, "containers have no Unix socket here");
    assertThat(pg.socketDir().resolve(".s.PGSQL." + pg.port())).exists();
    // over a Unix socket the server has no inet address
    assertThat(psql(pg, "SELECT inet_server_addr() IS NULL")).isEqualTo("t");
  }

  @Test
  void createDatabaseIsIdempotentAndConnectStringNamesIt() throws SQLException {
    PgServer pg = TestServers.postgres();
    pg.createDatabase("ts_created");
    pg.createDatabase("ts_created");
    try (Connection c = pg.connect("ts_created"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_database()")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("ts_created");
    }
    assertThat(pg.connectString("ts_created"))
        .isEqualTo("host=" + pg.host() + " port=" + pg.port() + " dbname=ts_created user=postgres");
  }

  @Test
  void mariadbStopAndStartKeepsData() throws SQLException {
    try (MysqlServer db = TestServers.newMysql()) {
      assertThat(db.port()).isNotEqualTo(TestServers.mysql().port());
      db.execute(null, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY)",
          "INSERT INTO d.t VALUES (1), (2), (3)");
      db.stop();
      assertThatThrownBy(() -> db.connect("d").close()).isInstanceOf(SQLException.class);
      db.start();
      assertThat(query(db, "SELECT COUNT(*) FROM d.t")).isEqualTo("3");
    }
  }

  @Test
  void mariadbKillAndStartRecoversCommittedRowsAndKeepsLogging() throws SQLException {
    try (MysqlServer db = TestServers.newMysql()) {
      db.execute(null, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY) ENGINE=InnoDB");
      for (int i = 1; i <= 50; i++) {
        db.execute("d", "INSERT INTO t VALUES (" + i + ")");
      }
      db.kill();
      assertThatThrownBy(() -> db.connect("d").close()).isInstanceOf(SQLException.class);
      db.start();
      assertThat(query(db, "SELECT COUNT(*) FROM d.t")).isEqualTo("50");
      db.execute("d", "INSERT INTO t VALUES (51)");
      assertThat(query(db, "SELECT COUNT(*) FROM d.t")).isEqualTo("51");
      assertThat(query(db, "SELECT @@log_bin")).isEqualTo("1");
    }
  }

  @Test
  void mariadbRestartKeepsPortAndDataAndOpensANewBinlogFile() throws SQLException {
    try (MysqlServer db = TestServers.newMysql()) {
      db.execute(null, "CREATE DATABASE d", "CREATE TABLE d.t (id INT PRIMARY KEY) ENGINE=InnoDB",
          "INSERT INTO d.t VALUES (1)");
      int port = db.port();
      String file = Servers.currentBinlogFile(db);
      db.restart(false);
      String afterClean = Servers.currentBinlogFile(db);
      db.execute("d", "INSERT INTO t VALUES (2)");
      db.restart(true);
      assertThat(db.port()).isEqualTo(port);
      assertThat(query(db, "SELECT COUNT(*) FROM d.t")).isEqualTo("2");
      assertThat(List.of(file, afterClean, Servers.currentBinlogFile(db))).doesNotHaveDuplicates();
    }
  }

  @Test
  void postgresFastAndImmediateStopsKeepData() throws SQLException {
    try (PgServer pg = TestServers.newPostgres()) {
      pg.createDatabase("d");
      try (Connection c = pg.connect("d"); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id int PRIMARY KEY)");
        s.execute("INSERT INTO t SELECT generate_series(1, 100)");
      }
      pg.stop(false);
      assertThatThrownBy(() -> pg.connect("d").close()).isInstanceOf(SQLException.class);
      pg.start();
      try (Connection c = pg.connect("d"); Statement s = c.createStatement()) {
        s.execute("INSERT INTO t VALUES (101)");
      }
      pg.stop(true);
      pg.start();
      assertThat(pgQuery(pg, "d", "SELECT count(*) FROM t")).isEqualTo("101");
    }
  }

  @Test
  void newMysqlAppliesExtraServerOptions() throws SQLException {
    try (MysqlServer db = TestServers.newMysql("binlog_format=STATEMENT", "--log-bin-compress=ON",
        "binlog_row_image=MINIMAL", "binlog-row-metadata=NO_LOG")) {
      assertThat(query(db, "SELECT @@binlog_format")).isEqualTo("STATEMENT");
      assertThat(query(db, "SELECT @@log_bin_compress")).isEqualTo("1");
      assertThat(query(db, "SELECT @@binlog_row_image")).isEqualTo("MINIMAL");
      assertThat(query(db, "SELECT @@binlog_row_metadata")).isEqualTo("NO_LOG");
    }
  }

  @Test
  void closeRemovesAPrivateServersFiles() {
    MysqlServer db = TestServers.newMysql();
    Path dataDir = db.dataDir();
    assumeTrue(dataDir != null, "containers keep no local files");
    assertThat(dataDir).isDirectory();
    db.close();
    assertThat(dataDir.getParent()).doesNotExist();
  }

  @Test
  void aServerThatCannotStartFailsWithItsLog() {
    assertThatThrownBy(() -> TestServers.newMysql("--no-such-option=1").close())
        .isInstanceOf(TestServerException.class)
        .hasMessageContaining("no-such-option");
  }

  @Test
  void aPortClashIsRetriedOnAnotherPort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Deque<Integer> mysqlPorts = new ArrayDeque<>(List.of(taken.getLocalPort(), Processes.freePort()));
      PrivateMariadb db = TestServers.register(
          new PrivateMariadb(List.of(), mysqlPorts::removeFirst, false)).init();
      try {
        assertThat(db.port()).isNotEqualTo(taken.getLocalPort());
        assertThat(query(db, "SELECT 1")).isEqualTo("1");
      } finally {
        db.close();
      }
      Deque<Integer> pgPorts = new ArrayDeque<>(List.of(taken.getLocalPort(), Processes.freePort()));
      PrivatePostgres pg = TestServers.register(
          new PrivatePostgres(pgPorts::removeFirst, false)).init();
      try {
        assertThat(pg.port()).isNotEqualTo(taken.getLocalPort());
        assertThat(pgQuery(pg, "postgres", "SELECT 1")).isEqualTo("1");
      } finally {
        pg.close();
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void serversLeftByADeadJvmAreReapedAndLiveOnesAreNot() throws Exception {
    MysqlServer live = TestServers.mysql();
    PrivateMariadb orphan = new PrivateMariadb(List.of(), Processes::freePort, false).init();
    Path dir = orphan.dataDir().getParent();
    long serverPid = StaleServers.readPid(dir.resolve("mysqld.pid")).orElseThrow();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(dir.resolve(StaleServers.OWNER_FILE), gone.pid() + "\n");

    StaleServers.reap();

    assertThat(dir).doesNotExist();
    assertThat(ProcessHandle.of(serverPid)).isEmpty();
    assertThat(query(live, "SELECT 1")).isEqualTo("1");
    orphan.shutdown();
  }

  @Test
  void dockerProbeAnswersWithoutHangingOrThrowing() {
    assertTimeoutPreemptively(Duration.ofSeconds(60), TestServers::dockerAvailable);
  }

  private static String query(MysqlServer db, String sql) throws SQLException {
    try (Connection c = db.connect(null); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static String pgQuery(PgServer pg, String dbName, String sql) throws SQLException {
    try (Connection c = pg.connect(dbName); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row from %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static String psql(PgServer pg, String sql) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PrivatePostgres.bin("psql"), "-X", "-A", "-t", "-h",
        pg.socketDir().toString(), "-p", String.valueOf(pg.port()), "-U", "postgres", "-d", "postgres",
        "-c", sql).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("psql output: %s", out).isZero();
    return out;
  }
}
