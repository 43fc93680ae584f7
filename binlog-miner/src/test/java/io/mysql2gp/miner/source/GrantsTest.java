package io.mysql2gp.miner.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GrantsTest {

    static Stream<Arguments> globalCases() {
        return Stream.of(
            // MySQL 5.7
            Arguments.of("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'", "REPLICATION SLAVE", true),
            Arguments.of("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'repl'@'%'", "REPLICATION CLIENT", true),
            Arguments.of("GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'", "REPLICATION CLIENT", false),
            Arguments.of("GRANT USAGE ON *.* TO 'repl'@'%'", "REPLICATION SLAVE", false),
            // MySQL 8: backquotes, dynamic privileges without spaces after commas
            Arguments.of("GRANT SELECT, RELOAD, REPLICATION SLAVE ON *.* TO `repl`@`%`", "REPLICATION SLAVE", true),
            Arguments.of("GRANT BACKUP_ADMIN,REPLICATION_SLAVE_ADMIN ON *.* TO `repl`@`%`", "REPLICATION SLAVE", false),
            Arguments.of("GRANT ALL PRIVILEGES ON *.* TO `root`@`localhost` WITH GRANT OPTION", "REPLICATION SLAVE", true),
            Arguments.of("GRANT ALL ON *.* TO 'root'@'%'", "BINLOG MONITOR", true),
            // MariaDB: aliases, the look-alike REPLICATION SLAVE ADMIN, password hash after TO
            Arguments.of("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `r`@`%` IDENTIFIED BY PASSWORD '*D82180'", "BINLOG MONITOR", true),
            Arguments.of("GRANT REPLICATION REPLICA ON *.* TO `r`@`%`", "REPLICATION SLAVE", true),
            Arguments.of("GRANT REPLICATION SLAVE ADMIN ON *.* TO `r`@`%`", "REPLICATION SLAVE", false),
            Arguments.of("GRANT REPLICA MONITOR ON *.* TO `r`@`%`", "SLAVE MONITOR", true),
            Arguments.of("grant replication   slave on *.* to r@'%'", "REPLICATION SLAVE", true),
            // db-level grants are not global
            Arguments.of("GRANT ALL PRIVILEGES ON `app`.* TO `r`@`%`", "REPLICATION SLAVE", false),
            Arguments.of("GRANT PROXY ON ''@'' TO 'root'@'localhost' WITH GRANT OPTION", "PROXY", false));
    }

    @ParameterizedTest(name = "[{index}] {0} grants {1} globally: {2}")
    @MethodSource("globalCases")
    void readsGlobalPrivileges(String line, String privilege, boolean expected) {
        assertThat(Grants.parse(List.of(line)).hasGlobal(privilege)).isEqualTo(expected);
    }

    static Stream<Arguments> databaseCases() {
        return Stream.of(
            Arguments.of("GRANT SELECT ON *.* TO 'u'@'%'", "app", true),
            Arguments.of("GRANT SELECT ON `app`.* TO 'u'@'%'", "app", true),
            Arguments.of("GRANT SELECT ON app.* TO 'u'@'%'", "app", true),
            Arguments.of("GRANT SELECT, INSERT ON `app`.* TO `u`@`%`", "app", true),
            Arguments.of("GRANT ALL PRIVILEGES ON `app`.* TO `u`@`%`", "app", true),
            Arguments.of("GRANT SELECT ON `other`.* TO 'u'@'%'", "app", false),
            Arguments.of("GRANT INSERT ON `app`.* TO 'u'@'%'", "app", false),
            // wildcards: _ and % unless escaped
            Arguments.of("GRANT SELECT ON `app_%`.* TO 'u'@'%'", "app_2024", true),
            Arguments.of("GRANT SELECT ON `app_`.* TO 'u'@'%'", "appX", true),
            Arguments.of("GRANT SELECT ON `app\\_db`.* TO 'u'@'%'", "app_db", true),
            Arguments.of("GRANT SELECT ON `app\\_db`.* TO 'u'@'%'", "appXdb", false),
            Arguments.of("GRANT SELECT ON `a\\_b%`.* TO `r`@`%`", "a_b_prod", true),
            Arguments.of("GRANT SELECT ON `%`.* TO 'u'@'%'", "anything", true),
            // backquotes and dots inside names
            Arguments.of("GRANT SELECT ON `we``ird.db`.* TO 'u'@'%'", "we`ird.db", true),
            // table and column grants do not cover the database
            Arguments.of("GRANT SELECT ON `app`.`t1` TO 'u'@'%'", "app", false),
            Arguments.of("GRANT SELECT (`a`, `b`) ON `app`.* TO 'u'@'%'", "app", false),
            Arguments.of("GRANT SELECT ON TABLE `app`.`t1` TO 'u'@'%'", "app", false),
            Arguments.of("GRANT EXECUTE ON PROCEDURE `app`.`p` TO 'u'@'%'", "app", false));
    }

    @ParameterizedTest(name = "[{index}] {0} grants SELECT on database {1}: {2}")
    @MethodSource("databaseCases")
    void readsDatabasePrivileges(String line, String db, boolean expected) {
        assertThat(Grants.parse(List.of(line)).hasOnDatabase("SELECT", db)).isEqualTo(expected);
    }

    @Test
    void tableGrantsAreSeenAsPartial() {
        Grants g = Grants.parse(List.of("GRANT SELECT ON `app`.`t1` TO 'u'@'%'", "GRANT SELECT (`a`) ON `app`.`t2` TO 'u'@'%'"));
        assertThat(g.hasOnSomeTable("SELECT", "app")).isTrue();
        assertThat(g.hasOnSomeTable("SELECT", "other")).isFalse();
    }

    @Test
    void roleGrantsAreListedNotExpanded() {
        Grants g = Grants.parse(List.of(
                "GRANT USAGE ON *.* TO `u`@`%`",
                "GRANT `repl_role`@`%`,`reader` TO `u`@`%`",
                "GRANT `rr` TO `r`@`%`"));
        assertThat(g.roles()).containsExactly("`repl_role`@`%`", "`reader`", "`rr`");
        assertThat(g.hasGlobal("REPLICATION SLAVE")).isFalse();
    }

    @Test
    void combinesSeveralLines() {
        Grants g = Grants.parse(List.of(
                "GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `repl`@`%`",
                "GRANT SELECT ON `shop`.* TO `repl`@`%`"));
        assertThat(g.hasGlobal("REPLICATION SLAVE")).isTrue();
        assertThat(g.hasOnDatabase("SELECT", "shop")).isTrue();
        assertThat(g.hasOnDatabase("SELECT", "shop2")).isFalse();
        assertThat(g.roles()).isEmpty();
    }

    @ParameterizedTest(name = "pattern {0} matches {1}: {2}")
    @CsvSource({
        "abc,     abc,  true",
        "abc,     abcd, false",
        "a%,      a,    true",
        "a%c,     abbc, true",
        "a%c,     abbd, false",
        "a_c,     abc,  true",
        "a\\_c,   abc,  false",
        "a\\_c,   a_c,  true",
        "a\\%,    a%,   true",
        "a\\%,    ab,   false",
    })
    void matchesDatabasePatterns(String pattern, String db, boolean expected) {
        assertThat(Grants.matchesDbPattern(pattern, db)).isEqualTo(expected);
    }
}
