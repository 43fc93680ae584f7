package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.TestServers;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceConnectionsIT {
    private final MysqlServer server = TestServers.mysql();

    @Test
    void connectsWithUtcSessionAndUtf8() throws Exception {
        for (String ssl : new String[] {"disabled", "preferred"}) {
            SourceEndpoint ep = new SourceEndpoint(server.host(), server.port(), server.rootUser(),
                    server.rootPassword(), null, ssl, null);
            try (Connection c = new SourceConnections(ep, Duration.ofSeconds(5)).open();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@session.time_zone, @@character_set_client, '中文café'")) {
                rs.next();
                assertThat(rs.getString(1)).isIn("UTC", "+00:00");
                assertThat(rs.getString(2)).startsWith("utf8");
                assertThat(rs.getString(3)).isEqualTo("中文café");
            }
        }
    }

    @Test
    void wrongPasswordIsFatalAndNamesAddressAndUserButNotThePassword() {
        String secret = "Wr0ng-Secret-42";
        SourceEndpoint ep = new SourceEndpoint(server.host(), server.port(), server.rootUser(), secret, null, null, null);
        assertThatThrownBy(() -> new SourceConnections(ep, Duration.ofSeconds(5)).open())
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageStartingWith("cannot connect to source " + server.host() + ":" + server.port() + " as user '" + server.rootUser() + "': Access denied")
                .hasMessageContaining("SQLSTATE 28000")
                .hasMessageNotContaining(secret);
    }

    @Test
    void refusedConnectionIsRetriable() throws Exception {
        int closedPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            closedPort = ss.getLocalPort();
        }
        SourceEndpoint ep = new SourceEndpoint("127.0.0.1", closedPort, "repl", "pw", null, null, null);
        assertThatThrownBy(() -> new SourceConnections(ep, Duration.ofSeconds(2)).open())
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isTrue())
                .hasMessageStartingWith("cannot connect to source 127.0.0.1:" + closedPort + " as user 'repl': ")
                .hasMessageNotContaining("\n");
    }
}
