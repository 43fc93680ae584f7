package io.mysql2gp.testsupport;

import java.util.ArrayList;
import java.util.List;

/** The mariadbd options every test server runs with, the same for private servers and containers. */
final class MariadbOptions {
  private MariadbOptions() {}

  /** Server options after the per-instance paths; {@code binlogBase} is the binlog file prefix. */
  static List<String> standard(String binlogBase) {
    return List.of(
        "--server-id=1",
        "--log-bin=" + binlogBase,
        "--binlog-format=ROW",
        "--binlog-row-image=FULL",
        "--binlog-row-metadata=FULL",
        "--character-set-server=utf8mb4",
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=128M",
        "--innodb-log-file-size=64M",
        // the log is written at each commit, so a SIGKILL of the server loses nothing
        "--innodb-flush-log-at-trx-commit=2",
        "--max-connections=200");
  }

  /** Extra options as given by a test; "binlog_format=STATEMENT" becomes "--binlog_format=STATEMENT". */
  static List<String> normalize(String... extra) {
    List<String> out = new ArrayList<>();
    for (String o : extra) {
      if (o == null || o.isBlank()) {
        continue;
      }
      out.add(o.startsWith("-") ? o : "--" + o);
    }
    return List.copyOf(out);
  }
}
