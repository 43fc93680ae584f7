package io.mysql2gp.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProcessesTest {
  @TempDir Path dir;

  @Test
  void tailShowsTheLastLinesAndErrorsFromEarlier() throws IOException {
    List<String> lines = new ArrayList<>(List.of("start", "2026 [ERROR] Aborting early"));
    IntStream.range(0, 40).forEach(i -> lines.add("advice " + i));
    Path log = Files.write(dir.resolve("x.log"), lines);

    String tail = Processes.tail(log);

    assertThat(tail).contains("[ERROR] Aborting early", "advice 39", "advice 15")
        .doesNotContain("advice 14\n", "start");
  }

  @Test
  void tailOfAMissingLogSaysSo() {
    assertThat(Processes.tail(dir.resolve("none.log"))).contains("no log file");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "[ERROR] Can't start server: Bind on TCP/IP port. Got error: 98: Address already in use | true",
      "LOG:  could not bind IPv4 address \"127.0.0.1\": Address already in use | true",
      "[ERROR] mariadbd: unknown variable 'no-such-option=1' | false",
  })
  void portClashesAreRecognisedInServerLogs(String line, boolean clash) throws IOException {
    assertThat(Processes.portClash(Files.writeString(dir.resolve("s.log"), line + "\n"))).isEqualTo(clash);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
  @CsvSource(delimiter = '|', value = {"12345 | 12345", "' 4711 ' | 4711", "abc | ", "'' | "})
  void pidFilesAreReadFromTheirFirstLine(String content, Long expected) throws IOException {
    // postmaster.pid continues with the data directory, port, ... on later lines
    Path f = Files.writeString(dir.resolve("p.pid"), content + "\n/tmp/data\n5432\n");
    assertThat(StaleServers.readPid(f).orElse(null)).isEqualTo(expected);
  }

  @Test
  void freePortsAreUsableLoopbackPorts() {
    assertThat(Processes.freePort()).isBetween(1024, 65535);
  }
}
