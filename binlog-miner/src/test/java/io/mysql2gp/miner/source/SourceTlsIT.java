package io.mysql2gp.miner.source;

import io.mysql2gp.common.source.SourceConnections;
import io.mysql2gp.common.source.SourceEndpoint;
import io.mysql2gp.common.source.SourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import io.mysql2gp.common.model.BinlogPosition;
import io.mysql2gp.testsupport.MysqlServer;
import io.mysql2gp.testsupport.Servers;
import io.mysql2gp.testsupport.TestCertificates;
import io.mysql2gp.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TLS to the source: ssl_mode verify_ca/verify_identity with a PEM ssl_ca, against a server with its own CA. */
class SourceTlsIT {
    @TempDir
    static Path certs;
    private static MysqlServer server;

    private static TestCertificates tls;

    @BeforeAll
    static void serverWithCertificate() throws Exception {
        tls = TestCertificates.create(certs);
        server = TestServers.newMysql(tls.serverOptions());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static SourceConnections source(String sslMode, String ca) {
        return new SourceConnections(new SourceEndpoint(server.host(), server.port(), server.rootUser(),
                server.rootPassword(), null, sslMode, ca), Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "ssl_mode {0} encrypts")
    @CsvSource({"required", "verify_ca", "verify_identity"})
    void verifiedConnectionIsEncrypted(String sslMode) throws Exception {
        try (Connection c = source(sslMode, tls.ca().toString()).open();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNotEmpty();
        }
    }

    @Test
    void requiredEncryptsWithoutCheckingTheCertificateAsMysqlClientsDo() throws Exception {
        try (Connection c = source("required", tls.otherCa().toString()).open();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isNotEmpty();
        }
    }

    @Test
    void certificateFromAnotherCaIsRefusedWithOneLineNamingTheKeys() {
        assertThatThrownBy(() -> source("verify_ca", tls.otherCa().toString()).open())
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageStartingWith("TLS to source " + server.host() + ":" + server.port()
                        + " failed ([src.mysql] ssl_mode=verify_ca, ssl_ca=" + tls.otherCa() + "): ")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining(server.rootPassword());
    }

    @Test
    void hostNameNotInTheCertificateFailsVerifyIdentity() {
        SourceConnections byName = new SourceConnections(new SourceEndpoint("localhost", server.port(),
                server.rootUser(), server.rootPassword(), null, "verify_identity", tls.ca().toString()),
                Duration.ofSeconds(5));
        assertThatThrownBy(byName::open).isInstanceOf(SourceException.class)
                .hasMessageStartingWith("TLS to source localhost:" + server.port()
                        + " failed ([src.mysql] ssl_mode=verify_identity, ssl_ca=" + tls.ca() + "): ");
    }

    @Test
    void unreadableCaFileIsFatalAndNamed() {
        assertThatThrownBy(() -> source("verify_ca", certs.resolve("missing.pem").toString()).open())
                .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isFalse())
                .hasMessageStartingWith("[src.mysql] ssl_ca: cannot read '" + certs.resolve("missing.pem") + "'");
    }

    private static BinlogReader stream(String host, String sslMode, Path ca) throws Exception {
        SourceEndpoint ep = new SourceEndpoint(host, server.port(), server.rootUser(), server.rootPassword(), null,
                sslMode, ca.toString());
        return new BinlogReader(new BinlogReader.Endpoint(ep, 4242, 1000, 5000),
                new BinlogPosition(Servers.currentBinlogFile(server), 4, null), new EventDeserializer(), null);
    }

    @ParameterizedTest(name = "the replication stream connects with ssl_mode {0} and ssl_ca {1}")
    @CsvSource({"verify_ca, ca.pem", "verify_identity, ca.pem", "required, other-ca.pem", "preferred, other-ca.pem"})
    void replicationStreamUsesSslCa(String sslMode, String ca) throws Exception {
        BinlogReader reader = stream(server.host(), sslMode, certs.resolve(ca));
        try {
            reader.start(10_000);
            assertThat(reader.isConnected()).isTrue();
        } finally {
            reader.stop();
        }
    }

    @Test
    void replicationStreamRefusesACertificateFromAnotherCa() throws Exception {
        BinlogReader reader = stream(server.host(), "verify_ca", tls.otherCa());
        try {
            assertThatThrownBy(() -> reader.start(10_000))
                    .isInstanceOfSatisfying(SourceException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageStartingWith("TLS to source " + server.host() + ":" + server.port()
                            + " failed ([src.mysql] ssl_mode=verify_ca, ssl_ca=" + tls.otherCa() + "): ")
                    .hasMessageNotContaining("\n");
        } finally {
            reader.stop();
        }
    }

    @Test
    void replicationStreamChecksTheConfiguredHostNameForVerifyIdentity() throws Exception {
        BinlogReader reader = stream("localhost", "verify_identity", tls.ca());
        try {
            assertThatThrownBy(() -> reader.start(10_000)).isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("TLS to source localhost:" + server.port()
                            + " failed ([src.mysql] ssl_mode=verify_identity, ssl_ca=" + tls.ca() + "): ")
                    .hasMessageContaining("name the host 'localhost'");
        } finally {
            reader.stop();
        }
    }
}
