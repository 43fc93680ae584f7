package io.mysql2gp.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConnectStringTest {
    private static final Map<String, String> NO_ENV = Map.of();

    private static PgConnectConfig parse(String s) {
        return ConnectString.parse(s, NO_ENV::get, "osuser");
    }

    static Stream<Arguments> keywordCases() {
        return Stream.of(
                Arguments.of("plain pairs are read", "dbname=test port=5432 user=test password=pgsql",
                        Map.of("dbname", "test", "port", "5432", "user", "test", "password", "pgsql")),
                Arguments.of("spaces around = are allowed", "host = 10.0.0.1  port =5433 dbname= d",
                        Map.of("host", "10.0.0.1", "port", "5433", "dbname", "d")),
                Arguments.of("a single-quoted value may hold spaces", "password='my secret pw'",
                        Map.of("password", "my secret pw")),
                Arguments.of("an escaped quote inside quotes is a quote", "password='it\\'s'",
                        Map.of("password", "it's")),
                Arguments.of("an escaped backslash inside quotes is one backslash", "password='a\\\\b'",
                        Map.of("password", "a\\b")),
                Arguments.of("a backslash escapes in unquoted values too", "password=a\\ b\\\\c",
                        Map.of("password", "a b\\c")),
                Arguments.of("an empty quoted value is empty", "password='' user=u",
                        Map.of("password", "", "user", "u")),
                Arguments.of("=, #, ; and double quotes are ordinary characters", "password=a=b#c;d\"e",
                        Map.of("password", "a=b#c;d\"e")),
                Arguments.of("a later key wins", "port=1 port=2", Map.of("port", "2")),
                Arguments.of("an empty string has no keys", "   ", Map.of()),
                Arguments.of("tabs and newlines separate pairs", "host=h\tport=1\nuser=u",
                        Map.of("host", "h", "port", "1", "user", "u")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keywordCases")
    void parsesKeywordValuePairs(String name, String text, Map<String, String> expected) {
        assertThat(ConnectString.parseKeywords(text)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    static Stream<Arguments> uriCases() {
        return Stream.of(
                Arguments.of("a full URI gives every part", "postgresql://u:p@h.example:5433/db?sslmode=require",
                        Map.of("user", "u", "password", "p", "host", "h.example", "port", "5433", "dbname", "db",
                                "sslmode", "require")),
                Arguments.of("the postgres:// scheme works too", "postgres://h/db", Map.of("host", "h", "dbname", "db")),
                Arguments.of("percent-encoding is decoded in user, password and database",
                        "postgresql://us%40r:p%3Aw%2Fd%20x@h/my%20db",
                        Map.of("user", "us@r", "password", "p:w/d x", "host", "h", "dbname", "my db")),
                Arguments.of("a plus sign stays a plus sign", "postgresql://u:a+b@h/d",
                        Map.of("user", "u", "password", "a+b", "host", "h", "dbname", "d")),
                Arguments.of("UTF-8 percent-encoding decodes", "postgresql://h/caf%C3%A9",
                        Map.of("host", "h", "dbname", "café")),
                Arguments.of("an IPv6 address is written in brackets", "postgresql://[::1]:5433/d",
                        Map.of("host", "::1", "port", "5433", "dbname", "d")),
                Arguments.of("an IPv6 address without a port", "postgresql://[fe80::1]/d",
                        Map.of("host", "fe80::1", "dbname", "d")),
                Arguments.of("no host means the Unix socket", "postgresql:///d", Map.of("dbname", "d")),
                Arguments.of("an encoded socket directory is a host", "postgresql://%2Fvar%2Frun%2Fpostgresql/d",
                        Map.of("host", "/var/run/postgresql", "dbname", "d")),
                Arguments.of("the socket directory may come as a parameter",
                        "postgresql:///d?host=/tmp/x&application_name=miner",
                        Map.of("host", "/tmp/x", "dbname", "d", "application_name", "miner")),
                Arguments.of("a user without a password", "postgresql://u@h", Map.of("user", "u", "host", "h")),
                Arguments.of("a bare scheme has no keys", "postgresql://", Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("uriCases")
    void parsesUris(String name, String text, Map<String, String> expected) {
        assertThat(PgUri.parse(text)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    static Stream<Arguments> errorCases() {
        return Stream.of(
                Arguments.of("an unterminated quote names the key", "host=h password='secret", "unterminated quoted value for \"password\""),
                Arguments.of("a word without = is named", "host=h dbname", "missing \"=\" after \"dbname\""),
                Arguments.of("a lone = has no key", "=x", "missing key before \"=\""),
                Arguments.of("an unknown key is named", "host=h colour=blue", "unknown key \"colour\""),
                Arguments.of("a non-numeric port is named", "port=abc", "invalid port \"abc\""),
                Arguments.of("a port out of range is named", "port=70000", "invalid port \"70000\""),
                Arguments.of("port zero is refused", "port=0", "invalid port \"0\""),
                Arguments.of("a bad sslmode is named", "sslmode=sometimes", "invalid sslmode \"sometimes\""),
                Arguments.of("a negative connect_timeout is refused", "connect_timeout=-1", "invalid connect_timeout"),
                Arguments.of("several hosts are refused", "host=a,b", "more than one host"),
                Arguments.of("several URI hosts are refused", "postgresql://a:1,b:2/d", "more than one host"),
                Arguments.of("an unknown URI parameter is named", "postgresql://h/d?foo=1", "unknown key \"foo\""),
                Arguments.of("a bad URI port is named", "postgresql://h:x1/d", "invalid port \"x1\""),
                Arguments.of("bad percent-encoding names the part", "postgresql://u:pa%zzss@h/d",
                        "invalid percent-encoding in the password"),
                Arguments.of("an unterminated IPv6 bracket", "postgresql://[::1/d", "unterminated IPv6"),
                Arguments.of("a URI parameter without a key", "postgresql://h/d?=1", "without \"key=\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCases")
    void reportsErrors(String name, String text, String message) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConnectStringException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<String> leakyStrings() {
        return Stream.of(
                "host=h password='s3cr3tPW",
                "host=h password=s3cr3tPW and more",
                "password=s3cr3tPW port=abc",
                "postgresql://u:s3cr3tPW@h:zz/d",
                "postgresql://u:s3cr3tPW%zz@h/d",
                "postgresql://u:s3cr3tPW@h/d?bad=1",
                "password=s3cr3tPW sslmode=sometimes");
    }

    @ParameterizedTest(name = "the password is not in the error for: {index}")
    @MethodSource("leakyStrings")
    void errorMessagesNeverContainThePassword(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConnectStringException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3tPW"));
    }

    @Test
    void anUnquotedPasswordWithASpaceGetsAHintInsteadOfAnEcho() {
        assertThatThrownBy(() -> parse("password=my secret host=h"))
                .hasMessageContaining("quote a password that contains spaces")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret\""));
    }

    @Test
    void libpqDefaultsApply() {
        PgConnectConfig c = parse("");
        assertThat(c.port()).isEqualTo(5432);
        assertThat(c.user()).isEqualTo("osuser");
        assertThat(c.dbname()).isEqualTo("osuser");
        assertThat(c.password().isEmpty()).isTrue();
        assertThat(c.isUnixSocket()).isTrue();
        assertThat(c.socketPath()).hasToString("/tmp/.s.PGSQL.5432");
    }

    @Test
    void theDatabaseDefaultsToTheGivenUser() {
        assertThat(parse("user=alice").dbname()).isEqualTo("alice");
    }

    @Test
    void thePasswordFallsBackToPgpassword() {
        Map<String, String> env = Map.of("PGPASSWORD", "fromenv");
        assertThat(ConnectString.parse("user=u", env::get, "x").password().reveal()).isEqualTo("fromenv");
        assertThat(ConnectString.parse("user=u password=given", env::get, "x").password().reveal()).isEqualTo("given");
    }

    static Stream<Arguments> transportCases() {
        return Stream.of(
                Arguments.of("no host uses the socket in /tmp", "dbname=d", true, "/tmp/.s.PGSQL.5432"),
                Arguments.of("a directory as host uses the socket there", "host=/var/run/postgresql port=5433", true,
                        "/var/run/postgresql/.s.PGSQL.5433"),
                Arguments.of("an empty host is the default", "host='' port=6000", true, "/tmp/.s.PGSQL.6000"),
                Arguments.of("a host name uses TCP", "host=db.example", false, null),
                Arguments.of("an IP address uses TCP", "host=127.0.0.1", false, null),
                Arguments.of("hostaddr uses TCP even with a directory host", "host=/tmp hostaddr=10.1.1.1", false, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transportCases")
    void choosesSocketOrTcp(String name, String text, boolean socket, String socketFile) {
        PgConnectConfig c = parse(text);
        assertThat(c.isUnixSocket()).isEqualTo(socket);
        Properties p = c.jdbcProperties();
        if (socket) {
            assertThat(c.socketPath()).hasToString(socketFile);
            assertThat(p.getProperty("socketFactory")).isEqualTo("org.newsclub.net.unix.AFUNIXSocketFactory$FactoryArg");
            assertThat(p.getProperty("socketFactoryArg")).isEqualTo(socketFile);
            assertThat(c.jdbcUrl()).startsWith("jdbc:postgresql://localhost:");
        } else {
            assertThat(p).doesNotContainKeys("socketFactory", "socketFactoryArg");
        }
    }

    @Test
    void socketPropertiesAreCompleteAndDisableTls() throws Exception {
        PgConnectConfig c = parse("host=/run/pg port=5499 dbname=stage user=miner password=pw sslmode=require");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5499/stage");
        Properties p = c.jdbcProperties();
        assertThat(p).containsEntry("user", "miner").containsEntry("password", "pw")
                .containsEntry("socketFactory", PgConnectConfig.UNIX_SOCKET_FACTORY)
                .containsEntry("socketFactoryArg", "/run/pg/.s.PGSQL.5499")
                .containsEntry("sslmode", "disable");
        // the factory class named there really exists and takes the path as its argument
        Class<?> factory = Class.forName(PgConnectConfig.UNIX_SOCKET_FACTORY);
        assertThat(factory.getConstructor(String.class)).isNotNull();
    }

    @Test
    void tcpPropertiesCarryTlsTimeoutsAndNames() {
        PgConnectConfig c = parse("host=db port=6543 dbname=t user=u password=pw sslmode=verify-full"
                + " sslrootcert=/etc/ca.pem sslcert=/c.pem sslkey=/k.pk8 connect_timeout=7"
                + " application_name=loader options='-c search_path=x'");
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db:6543/t");
        assertThat(c.jdbcProperties()).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", "/etc/ca.pem").containsEntry("sslcert", "/c.pem")
                .containsEntry("sslkey", "/k.pk8").containsEntry("connectTimeout", "7")
                .containsEntry("ApplicationName", "loader").containsEntry("options", "-c search_path=x")
                .containsEntry("password", "pw");
    }

    @Test
    void theUrlNeverHoldsThePassword() {
        PgConnectConfig c = parse("postgresql://u:topsecret@h/d");
        assertThat(c.jdbcUrl()).doesNotContain("topsecret");
        assertThat(c.jdbcProperties().getProperty("password")).isEqualTo("topsecret");
    }

    @Test
    void withoutAPasswordThePropertyIsAbsent() {
        assertThat(parse("user=u").jdbcProperties()).doesNotContainKey("password");
    }

    @Test
    void ipv6HostsAreBracketedInTheUrl() {
        assertThat(parse("postgresql://[::1]:5433/d").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/d");
        assertThat(parse("hostaddr=::1").jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/osuser");
    }

    @Test
    void pgjdbcReadsTheDatabaseNameBackUnchanged() {
        for (String db : new String[] {"plain", "my db", "a+b", "ünï", "x/y?z&w%"}) {
            PgConnectConfig c = new PgConnectConfig("h", null, 5432, db, "u", null, null, null, null, null, null,
                    null, null);
            Properties parsed = org.postgresql.Driver.parseURL(c.jdbcUrl(), new Properties());
            assertThat(parsed).as(db).isNotNull();
            assertThat(parsed.getProperty("PGDBNAME")).as(db).isEqualTo(db);
        }
    }

    @Test
    void describeAndToStringMaskThePassword() {
        PgConnectConfig c = parse("host=h user=u password='top secret' dbname=d");
        assertThat(c.describe()).isEqualTo("host=h port=5432 dbname=d user=u password=******** (TCP)");
        assertThat(c.toString()).doesNotContain("top secret").contains("********");
        assertThat(c.password().toString()).isEqualTo("********");
        assertThat(parse("dbname=d user=u").describe())
                .isEqualTo("port=5432 dbname=d user=u (unix socket /tmp/.s.PGSQL.5432)");
    }

    @Test
    void identityIgnoresUserPasswordAndOrder() {
        assertThat(parse("host=h port=1 dbname=d user=a password=x").identity())
                .isEqualTo(parse("password=y user=b dbname=d port=1 host=h").identity())
                .isEqualTo("h:1/d");
    }
}
