package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.miner.source.ServerVersion.Flavor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerVersionTest {

    @ParameterizedTest(name = "{0} / {1} is {2} {3}.{4}.{5}")
    @CsvSource(nullValues = "null", value = {
        "8.0.36,                       MySQL Community Server - GPL, MYSQL,   8,  0, 36",
        "8.4.3-log,                    null,                         MYSQL,   8,  4,  3",
        "5.7.44-log,                   MySQL Community Server (GPL), MYSQL,   5,  7, 44",
        "8.0.35-27,                    Percona Server (GPL),         MYSQL,   8,  0, 35",
        "10.11.19-MariaDB-0+deb12u1,   Debian 12,                    MARIADB, 10, 11, 19",
        "5.5.5-10.6.16-MariaDB,        null,                         MARIADB, 10,  6, 16",
        "11.4.2-MariaDB-log,           mariadb.org binary,           MARIADB, 11,  4,  2",
        "10.3.39,                      MariaDB Server,               MARIADB, 10,  3, 39",
        "9.1,                          null,                         MYSQL,   9,  1,  0",
    })
    void parsesFlavorAndNumbers(String text, String comment, Flavor flavor, int major, int minor, int patch) {
        ServerVersion v = ServerVersion.parse(text, comment);
        assertThat(v.flavor()).isEqualTo(flavor);
        assertThat(v.major()).isEqualTo(major);
        assertThat(v.minor()).isEqualTo(minor);
        assertThat(v.patch()).isEqualTo(patch);
        assertThat(v.text()).isEqualTo(text);
    }

    @ParameterizedTest(name = "{0} at least {1}.{2}.{3}: {4}")
    @CsvSource({
        "10.5.2-MariaDB,  10, 5, 2, true",
        "10.5.1-MariaDB,  10, 5, 2, false",
        "10.11.0-MariaDB, 10, 5, 2, true",
        "11.0.0-MariaDB,  10, 5, 2, true",
        "8.0.36,          8, 4, 0, false",
        "8.4.0,           8, 4, 0, true",
        "9.0.1,           8, 4, 0, true",
    })
    void comparesVersions(String text, int major, int minor, int patch, boolean expected) {
        assertThat(ServerVersion.parse(text).atLeast(major, minor, patch)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"''", "abc", "MariaDB"})
    void refusesTextWithoutNumbers(String text) {
        assertThatThrownBy(() -> ServerVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
