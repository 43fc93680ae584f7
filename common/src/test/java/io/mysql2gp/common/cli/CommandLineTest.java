package io.mysql2gp.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineTest {
    static final Usage LOADER = new Usage("binlog_loader", "Applies staged changes to the target.", commands());

    private static Map<String, String> commands() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", "show lag and positions");
        m.put("ddl", "print CREATE TABLE statements for the target");
        m.put("verify", "compare source and target rows");
        return m;
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("no arguments run the daemon with my.cnf", new String[] {},
                        new CommandLine(Path.of("my.cnf"), false, false, null, List.of())),
                Arguments.of("--config FILE", new String[] {"--config", "/etc/m.cnf"},
                        new CommandLine(Path.of("/etc/m.cnf"), false, false, null, List.of())),
                Arguments.of("--config=FILE", new String[] {"--config=a.cnf"},
                        new CommandLine(Path.of("a.cnf"), false, false, null, List.of())),
                Arguments.of("-c FILE", new String[] {"-c", "b.cnf"},
                        new CommandLine(Path.of("b.cnf"), false, false, null, List.of())),
                Arguments.of("--help", new String[] {"--help"},
                        new CommandLine(Path.of("my.cnf"), true, false, null, List.of())),
                Arguments.of("-h", new String[] {"-h"}, new CommandLine(Path.of("my.cnf"), true, false, null, List.of())),
                Arguments.of("--version", new String[] {"--version"},
                        new CommandLine(Path.of("my.cnf"), false, true, null, List.of())),
                Arguments.of("-V", new String[] {"-V"}, new CommandLine(Path.of("my.cnf"), false, true, null, List.of())),
                Arguments.of("a subcommand", new String[] {"-c", "x.cnf", "status"},
                        new CommandLine(Path.of("x.cnf"), false, false, "status", List.of())),
                Arguments.of("a subcommand keeps its own arguments and options",
                        new String[] {"verify", "orders", "--sample", "100", "-V"},
                        new CommandLine(Path.of("my.cnf"), false, false, "verify",
                                List.of("orders", "--sample", "100", "-V"))),
                Arguments.of("--config may follow the subcommand", new String[] {"ddl", "t1", "-c", "y.cnf"},
                        new CommandLine(Path.of("y.cnf"), false, false, "ddl", List.of("t1"))),
                Arguments.of("-- passes everything after it to the subcommand",
                        new String[] {"verify", "--", "-c", "z"},
                        new CommandLine(Path.of("my.cnf"), false, false, "verify", List.of("-c", "z"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void parses(String name, String[] argv, CommandLine expected) {
        assertThat(CommandLine.parse(LOADER, argv)).isEqualTo(expected);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("an unknown option is named", new String[] {"--colour"}, "unknown option \"--colour\""),
                Arguments.of("an unknown short option is named", new String[] {"-x"}, "unknown option \"-x\""),
                Arguments.of("--config without a file", new String[] {"--config"}, "--config needs a file name"),
                Arguments.of("-c without a file", new String[] {"-c"}, "-c needs a file name"),
                Arguments.of("an empty --config=", new String[] {"--config="}, "--config= needs a file name"),
                Arguments.of("--config twice", new String[] {"-c", "a", "--config", "b"}, "--config given more than once"),
                Arguments.of("an unknown command is named", new String[] {"stats"},
                        "unknown command \"stats\"; commands: status, ddl, verify"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String name, String[] argv, String problem) {
        assertThatThrownBy(() -> CommandLine.parse(LOADER, argv))
                .isInstanceOfSatisfying(CommandLineException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.getMessage()).startsWith(problem).contains("Usage: binlog_loader [options]");
                });
    }

    @Test
    void aProgramWithoutCommandsRejectsPositionalArguments() {
        Usage miner = new Usage("binlog_miner", "", Map.of());
        assertThatThrownBy(() -> CommandLine.parse(miner, "status"))
                .isInstanceOf(CommandLineException.class).hasMessageStartingWith("unexpected argument \"status\"");
    }

    @Test
    void theUsageTextListsOptionsAndCommands() {
        assertThat(LOADER.text()).contains("-c, --config FILE", "-h, --help", "-V, --version",
                "  status              show lag and positions", "Applies staged changes to the target.");
    }
}
