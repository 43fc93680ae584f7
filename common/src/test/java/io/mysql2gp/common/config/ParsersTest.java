package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParsersTest {
    private static final ValueParser<Long> SIZE = Parsers.size(1, Long.MAX_VALUE);

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("a plain number is bytes", "65536", 65536L),
                Arguments.of("B is bytes", "100B", 100L),
                Arguments.of("KB is 1024 bytes", "4KB", 4096L),
                Arguments.of("K is KB", "4k", 4096L),
                Arguments.of("MB is 1024 KB", "64MB", 64L << 20),
                Arguments.of("units ignore case and spaces", " 64 mb ", 64L << 20),
                Arguments.of("GB is 1024 MB", "2GB", 2L << 30));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sizes")
    void parsesSizes(String name, String text, long bytes) {
        assertThat(SIZE.parse(text, null)).isEqualTo(bytes);
    }

    static Stream<String> badSizes() {
        return Stream.of("MB", "64TB", "1.5GB", "-1", "99999999999999999999", "9223372036854775807GB");
    }

    @ParameterizedTest(name = "\"{0}\" is not a size")
    @MethodSource("badSizes")
    void rejectsBadSizes(String text) {
        assertThatThrownBy(() -> SIZE.parse(text, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("is ");
    }

    @ParameterizedTest(name = "path {0} resolves to {2}")
    @MethodSource("paths")
    void resolvesRelativePathsAgainstTheConfigDirectory(String text, String base, String expected) {
        assertThat(Parsers.path().parse(text, Path.of(base))).isEqualTo(Path.of(expected));
    }

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("tables.txt", "/etc/m2g", "/etc/m2g/tables.txt"),
                Arguments.of("../log", "/etc/m2g", "/etc/log"),
                Arguments.of("/var/log/m2g", "/etc/m2g", "/var/log/m2g"));
    }
}
