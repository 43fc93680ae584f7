package io.mysql2gp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MariadbOptionsTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "binlog_format=STATEMENT, --binlog_format=STATEMENT",
      "--log-bin-compress=ON, --log-bin-compress=ON",
      "-O, -O",
      "skip-log-bin, --skip-log-bin",
  })
  void extraOptionsGetTheirDashes(String given, String expected) {
    assertThat(MariadbOptions.normalize(given)).containsExactly(expected);
  }

  @Test
  void blankExtraOptionsAreDropped() {
    assertThat(MariadbOptions.normalize("", " ", null, "x=1")).containsExactly("--x=1");
  }

  @Test
  void standardOptionsLogFullRowsWithMetadata() {
    assertThat(MariadbOptions.standard("/d/binlog")).contains("--log-bin=/d/binlog",
        "--binlog-format=ROW", "--binlog-row-image=FULL", "--binlog-row-metadata=FULL",
        "--server-id=1", "--character-set-server=utf8mb4", "--skip-name-resolve");
  }
}
