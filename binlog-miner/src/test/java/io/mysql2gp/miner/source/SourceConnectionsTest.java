package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceConnectionsTest {
    private static final SourceEndpoint EP =
            new SourceEndpoint("db1.example", 3307, "repl", "s3cr&t?x=1", "shop", "DISABLED", null);

    @Test
    void urlHasHostPortAndDatabaseOnly() {
        assertThat(SourceConnections.jdbcUrl(EP, "shop")).isEqualTo("jdbc:mysql://db1.example:3307/shop");
        assertThat(SourceConnections.jdbcUrl(EP, null)).isEqualTo("jdbc:mysql://db1.example:3307/");
        assertThat(SourceConnections.jdbcUrl(EP, "my db/1")).isEqualTo("jdbc:mysql://db1.example:3307/my%20db%2F1");
    }

    @Test
    void ipv6HostIsBracketed() {
        SourceEndpoint v6 = new SourceEndpoint("::1", 3306, "u", "", null, null, null);
        assertThat(SourceConnections.jdbcUrl(v6, null)).isEqualTo("jdbc:mysql://[::1]:3306/");
    }

    @Test
    void propertiesCarryPasswordAndDefaults() {
        Properties p = SourceConnections.properties(EP, Duration.ofSeconds(7));
        assertThat(p.getProperty("user")).isEqualTo("repl");
        assertThat(p.getProperty("password")).isEqualTo("s3cr&t?x=1");
        assertThat(p.getProperty("sslMode")).isEqualTo("DISABLED");
        assertThat(p.getProperty("allowPublicKeyRetrieval")).isEqualTo("true");
        assertThat(p.getProperty("connectTimeout")).isEqualTo("7000");
        assertThat(p.getProperty("characterEncoding")).isEqualTo("UTF-8");
        assertThat(p.getProperty("connectionTimeZone")).isEqualTo("UTC");
        assertThat(p.getProperty("forceConnectionTimeZoneToSession")).isEqualTo("true");
    }

    @ParameterizedTest(name = "ssl_mode {0} -> sslMode {1}, public key retrieval {2}")
    @CsvSource(nullValues = "null", value = {
        "null, PREFERRED, false", "disabled, DISABLED, true", "Required, REQUIRED, false",
        "verify_ca, VERIFY_CA, false", "VERIFY_IDENTITY, VERIFY_IDENTITY, false"})
    void mapsSslMode(String sslMode, String expected, boolean publicKeyRetrieval) {
        SourceEndpoint ep = new SourceEndpoint("h", 3306, "u", "p", null, sslMode, null);
        Properties p = SourceConnections.properties(ep, Duration.ofSeconds(1));
        assertThat(p.getProperty("sslMode")).isEqualTo(expected);
        assertThat(p.getProperty("allowPublicKeyRetrieval")).isEqualTo(Boolean.toString(publicKeyRetrieval));
    }

    @Test
    void refusesUnknownSslModeAndBadPort() {
        assertThatThrownBy(() -> new SourceEndpoint("h", 3306, "u", "p", null, "sometimes", null))
                .hasMessageContaining("ssl_mode 'sometimes'");
        assertThatThrownBy(() -> new SourceEndpoint("h", 0, "u", "p", null, null, null))
                .hasMessageContaining("port 0");
    }

    @Test
    void endpointToStringMasksPassword() {
        assertThat(EP.toString()).contains("repl@db1.example:3307/shop", "****").doesNotContain("s3cr");
    }

    @Test
    void failureNamesAddressUserAndReasonButNeverThePassword() {
        SQLException denied = new SQLException("Access denied for user 'repl' (password s3cr&t?x=1)", "28000", 1045);
        SourceException e = SourceConnections.failure(EP, "cannot connect", denied);
        assertThat(e.getMessage())
                .isEqualTo("cannot connect to source db1.example:3307 as user 'repl': Access denied for user 'repl'"
                        + " (password ****) (SQLSTATE 28000, error 1045); [src.mysql] ssl_mode=disabled: if the"
                        + " account is created with REQUIRE SSL/X509, set ssl_mode to required, verify_ca or"
                        + " verify_identity");
        assertThat(e.retriable()).isFalse();
        SourceEndpoint preferred = new SourceEndpoint("db1.example", 3307, "repl", "s3cr&t?x=1", "shop", null, null);
        assertThat(SourceConnections.failure(preferred, "cannot connect", denied).getMessage())
                .endsWith("(SQLSTATE 28000, error 1045)");
        SQLException refused = new SQLException("Communications link failure\n\nThe last packet ...", "08S01", 0);
        assertThat(SourceConnections.failure(EP, "cannot connect", refused).retriable()).isTrue();
        assertThat(SourceConnections.failure(EP, "cannot connect", refused).getMessage())
                .endsWith("Communications link failure (SQLSTATE 08S01, error 0)");
    }
}
